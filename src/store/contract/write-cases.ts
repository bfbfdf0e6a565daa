import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Viewer } from '../../policy/viewer.js';
import type { StixObject } from '../../stix/types.js';
import type { WriteOutcome } from '../store.js';
import type { ContractContext } from './store-contract.js';
import { domainName, indicator, isolatedViewer, nextVersion, write } from './factories.js';

const A: Viewer = { tokens: ['org:a'] };
const CREATOR = 'identity--1c1e8f3c-5e1b-4b8e-9f7a-000000000001';
const OTHER_CREATOR = 'identity--1c1e8f3c-5e1b-4b8e-9f7a-000000000002';

const statuses = (outcomes: readonly WriteOutcome[]) => outcomes.map((o) => o.status);
const ruleOf = (outcome: WriteOutcome | undefined) =>
  outcome?.status === 'rejected' ? outcome.rule : outcome?.status;

/** putObjects: storage, the version rules, latest/first flags, batches. */
export function defineWriteTests(context: ContractContext): void {
  const store = () => context.store();
  const all = async (id: string, viewer: Viewer = A) =>
    (await store().getObject(id, viewer, { kind: 'all' })).map((v) => v.object);

  test('changeMark moves with every version write and delete, not with reads and audit (or is undefined)', async () => {
    const mark = () => store().changeMark();
    const before = await mark();
    if (before === undefined) return; // the backend cannot tell: its reads are never cached
    const object = indicator();
    await store().getObject(object.id, A);
    await store().appendAudit([
      {
        at: '2024-01-01T00:00:00.000Z',
        action: 'object.read',
        actorKind: 'operator',
        via: 'internal',
      },
    ]);
    assert.equal(await mark(), before, 'reads and audit events change no version');
    await store().putObjects([write(object)]);
    const written = await mark();
    assert.notEqual(written, before);
    await store().deleteVersions(object.id, 'a', [{ kind: 'all' }], A);
    assert.notEqual(await mark(), written);
  });

  test('stores a version and returns its body exactly as given, key order and odd strings included', async () => {
    const object = {
      x_zeta: 1,
      ...indicator(),
      x_alpha: { b: 2, a: [3, 'ü', '\u2028', {}, []] },
      x_nul: 'a\u0000b', // PostgreSQL jsonb refuses both of these; the store keeps text.
      x_lone: '\ud800',
      x_number: 1e21,
    };
    const [outcome] = await store().putObjects([write(object)]);
    assert.equal(outcome?.status, 'stored');
    const [stored] = await store().getObject(object.id, A);
    assert.equal(JSON.stringify(stored?.object), JSON.stringify(object));
    assert.equal(stored?.version, object.modified);
    assert.equal(stored?.type, 'indicator');
    assert.equal(stored?.specVersion, '2.1');
    assert.equal(stored?.added, outcome?.status === 'stored' ? outcome.added : '');
    assert.match(stored?.added ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });

  test('re-putting the same JSON value is unchanged, whatever its key order', async () => {
    const object = indicator();
    await store().putObjects([write(object)]);
    const reordered = Object.fromEntries(Object.entries(object).reverse()) as StixObject;
    assert.deepEqual(statuses(await store().putObjects([write(object), write(reordered)])), [
      'unchanged',
      'unchanged',
    ]);
    assert.deepEqual(await all(object.id), [object]);
  });

  test('a different body under a stored (id, version) is a conflict and the stored body stays', async () => {
    const object = indicator();
    await store().putObjects([write(object)]);
    const [conflict] = await store().putObjects([write({ ...object, name: 'changed' })]);
    assert.equal(ruleOf(conflict), 'version-conflict');
    assert.ok(conflict?.status === 'rejected' && conflict.message.includes(object.id));
    assert.deepEqual(await all(object.id), [object]);
  });

  test('versions arriving out of order: latest and first follow the version, not the arrival', async () => {
    const v1 = indicator({ modified: '2024-01-01T00:00:00.000Z' });
    const v2 = nextVersion(v1, '2024-02-01T00:00:00Z', { name: 'v2' }); // other precision
    const v3 = nextVersion(v1, '2024-03-01T00:00:00.000Z', { name: 'v3' });
    // v2 first; then v1, older (v2 stops being first); then v3, newer (v2 stops being latest).
    await store().putObjects([write(v2)]);
    await store().putObjects([write(v1)]);
    await store().putObjects([write(v3)]);
    const objects = async (kind: 'last' | 'first') =>
      (await store().getObject(v1.id, A, { kind })).map((v) => v.object);
    assert.deepEqual(await objects('last'), [v3]);
    assert.deepEqual(await objects('first'), [v1]);
    assert.deepEqual(await all(v1.id), [v1, v2, v3], 'oldest first');
    const at = await store().getObject(v1.id, A, {
      kind: 'at',
      versions: ['2024-02-01T00:00:00.000Z'],
    });
    assert.deepEqual(
      at.map((v) => v.object),
      [v2],
      'a version matches whatever its precision',
    );
    const page = await store().queryObjects(
      { ids: [v1.id], versions: [{ kind: 'first' }, { kind: 'last' }], limit: 10 },
      A,
    );
    assert.deepEqual(
      page.items.map((v) => v.object),
      [v1, v3],
      'in storage order',
    );
  });

  test('several versions of one object in one batch behave as sequential writes', async () => {
    const v1 = indicator();
    const v2 = nextVersion(v1, '2024-05-01T00:00:00.000Z');
    const outcomes = await store().putObjects([
      write(v2),
      write(v1),
      write(v1),
      write({ ...v1, name: 'x' }),
    ]);
    assert.deepEqual(statuses(outcomes), ['stored', 'stored', 'unchanged', 'rejected']);
    assert.deepEqual(
      (await store().getObject(v1.id, A)).map((v) => v.object),
      [v2],
    );
    assert.deepEqual(
      (await store().getObject(v1.id, A, { kind: 'first' })).map((v) => v.object),
      [v1],
    );
  });

  test('a revoked object gets no newer version; an older one arriving late is still history', async () => {
    const v1 = indicator({ created_by_ref: CREATOR });
    const v3 = nextVersion(v1, '2024-03-01T00:00:00.000Z', { revoked: true });
    assert.deepEqual(statuses(await store().putObjects([write(v1), write(v3)])), [
      'stored',
      'stored',
    ]);
    const [newer] = await store().putObjects([write(nextVersion(v1, '2024-04-01T00:00:00.000Z'))]);
    assert.equal(ruleOf(newer), 'revoked');
    const v2 = nextVersion(v1, '2024-02-01T00:00:00.000Z');
    assert.deepEqual(statuses(await store().putObjects([write(v2)])), ['stored']);
    assert.deepEqual(await all(v1.id), [v1, v2, v3]);
    const [again] = await store().putObjects([write(nextVersion(v1, '2024-05-01T00:00:00.000Z'))]);
    assert.equal(ruleOf(again), 'revoked', 'the latest version is still the revoked one');
  });

  test('only the creator versions an object; created never changes', async () => {
    const object = indicator({ created_by_ref: CREATOR });
    const unattributed = indicator();
    await store().putObjects([write(object), write(unattributed)]);
    const later = '2024-06-01T00:00:00.000Z';
    const outcomes = await store().putObjects([
      write(nextVersion(object, later, { created_by_ref: OTHER_CREATOR })),
      write(nextVersion(unattributed, later, { created_by_ref: OTHER_CREATOR })),
      write(nextVersion(object, later, { created: '2023-01-01T00:00:00.000Z' })),
    ]);
    assert.deepEqual(outcomes.map(ruleOf), [
      'foreign-creator',
      'foreign-creator',
      'created-changed',
    ]);
    assert.deepEqual(await all(object.id), [object]);
    assert.deepEqual(await all(unattributed.id), [unattributed]);
  });

  test('a rejected write does not stop the rest of its batch', async () => {
    const stored = indicator();
    await store().putObjects([write(stored)]);
    const before = indicator();
    const after = indicator();
    const outcomes = await store().putObjects([
      write(before),
      write({ ...stored, name: 'conflict' }),
      write(after),
    ]);
    assert.deepEqual(statuses(outcomes), ['stored', 'rejected', 'stored']);
    assert.deepEqual(await all(before.id), [before]);
    assert.deepEqual(await all(after.id), [after]);
    assert.deepEqual(await all(stored.id), [stored]);
  });

  test('an SCO (no version key) is stored once, shows its date added as version, and conflicts when changed', async () => {
    const sco = domainName();
    const scoWrite = (object: StixObject) => ({ ...write(object), version: undefined });
    const [first] = await store().putObjects([scoWrite(sco)]);
    assert.equal(first?.status, 'stored');
    assert.deepEqual(statuses(await store().putObjects([scoWrite(sco)])), ['unchanged']);
    const [changed] = await store().putObjects([scoWrite({ ...sco, value: 'example.net' })]);
    assert.equal(ruleOf(changed), 'version-conflict');
    const [read] = await store().getObject(sco.id, A);
    assert.equal(read?.version, read?.added);
    assert.equal(read?.added, first?.status === 'stored' ? first.added : '');
  });

  test('large batches: 1,500 re-puts and 600 new objects in one batch', async () => {
    const { token, viewer } = isolatedViewer();
    const old = Array.from({ length: 1500 }, () => indicator());
    await store().putObjects(old.map((o) => write(o, [token])));
    const fresh = Array.from({ length: 600 }, () => indicator());
    const outcomes = await store().putObjects([...old, ...fresh].map((o) => write(o, [token])));
    assert.deepEqual(
      [...new Set(statuses(outcomes.slice(0, 1500)))],
      ['unchanged'],
      'every stored object is found again',
    );
    assert.deepEqual([...new Set(statuses(outcomes.slice(1500)))], ['stored']);
    assert.equal(await store().countObjects({}, viewer), 2100);
  });

  test('deleteVersions removes what the submitter may delete and keeps latest/first right', async () => {
    const v1 = indicator();
    const v2 = nextVersion(v1, '2024-02-01T00:00:00.000Z');
    const v3 = nextVersion(v1, '2024-03-01T00:00:00.000Z');
    await store().putObjects([write(v1), write(v2), write(v3)]);
    assert.equal(await store().deleteVersions(v1.id, 'someone-else', [{ kind: 'all' }], A), 0);
    assert.equal(await store().deleteVersions(v1.id, 'a', [{ kind: 'all' }], { tokens: [] }), 0);
    assert.equal(await store().deleteVersions(v1.id, 'a', [{ kind: 'last' }], A), 1);
    assert.deepEqual(
      (await store().getObject(v1.id, A)).map((v) => v.object),
      [v2],
    );
    assert.equal(await store().deleteVersions(v1.id, 'a', [{ kind: 'first' }], A), 1);
    assert.deepEqual(
      (await store().getObject(v1.id, A, { kind: 'first' })).map((v) => v.object),
      [v2],
    );
    assert.deepEqual(statuses(await store().putObjects([write(v3)])), ['stored']);
    assert.deepEqual(await all(v1.id), [v2, v3]);
  });
}
