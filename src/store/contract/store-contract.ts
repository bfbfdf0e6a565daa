import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Viewer } from '../../policy/viewer.js';
import { InvalidCursorError, type Store } from '../store.js';
import { indicator, newId, write } from './factories.js';

const A: Viewer = { tokens: ['org:a'] };
const B: Viewer = { tokens: ['org:b'] };

export interface StoreContractOptions {
  /** A fresh, migrated store. */
  create: () => Promise<Store>;
  /** Called after the suite with each store it created. */
  destroy?: (store: Store) => Promise<void>;
  /** A second store on the same database (for reopen/concurrency checks), if the backend can. */
  reopen?: (store: Store) => Promise<Store>;
  /** Skip reason, printed by the runner. */
  skip?: string;
}

/**
 * The one contract every Store backend passes (DESIGN.md invariant 2), run against SQLite and
 * PostgreSQL by their test files.
 */
export function runStoreContract(name: string, options: StoreContractOptions): void {
  describe(`Store contract :: ${name}`, { skip: options.skip ?? false }, () => {
    let store: Store;
    before(async () => (store = await options.create()));
    after(async () => {
      if (store) await (options.destroy ?? ((s) => s.close()))(store);
    });

    test('migrate is idempotent', async () => {
      await store.migrate();
      await store.migrate();
      await Promise.all([store.migrate(), store.migrate()]);
    });

    test('stores a version and returns the body exactly, key order included', async () => {
      const object = { ...indicator(), x_zeta: 1, x_alpha: { b: 2, a: [3, 'ü', '\u2028'] } };
      const [outcome] = await store.putObjects([write(object)]);
      assert.equal(outcome?.status, 'stored');
      const [stored] = await store.getObject(object.id, A);
      assert.equal(JSON.stringify(stored?.object), JSON.stringify(object));
      assert.equal(stored?.version, object.modified);
      assert.match(stored?.added ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    });

    test('an identical re-put is unchanged; a different body under the same version is rejected and the stored one kept', async () => {
      const object = indicator();
      await store.putObjects([write(object)]);
      const reordered = Object.fromEntries(Object.entries(object).reverse()) as typeof object;
      const [same] = await store.putObjects([write(reordered)]);
      assert.equal(same?.status, 'unchanged', 'same JSON value with other key order is unchanged');
      const [conflict] = await store.putObjects([write({ ...object, name: 'changed' })]);
      assert.equal(conflict?.status, 'rejected');
      assert.equal(conflict?.status === 'rejected' && conflict.rule, 'version-conflict');
      assert.deepEqual(
        (await store.getObject(object.id, A, { kind: 'all' })).map((v) => v.object),
        [object],
      );
    });

    test('versions arriving out of order keep latest and first right', async () => {
      const v1 = indicator({ modified: '2024-01-01T00:00:00.000Z' });
      const v3 = { ...v1, modified: '2024-03-01T00:00:00.000Z', name: 'v3' };
      const v2 = { ...v1, modified: '2024-02-01T00:00:00Z', name: 'v2' };
      await store.putObjects([write(v3)]);
      await store.putObjects([write(v1)]);
      await store.putObjects([write(v2)]);
      assert.deepEqual(
        (await store.getObject(v1.id, A)).map((v) => v.object),
        [v3],
      );
      assert.deepEqual(
        (await store.getObject(v1.id, A, { kind: 'first' })).map((v) => v.object),
        [v1],
      );
      assert.deepEqual(
        (await store.getObject(v1.id, A, { kind: 'all' })).map((v) => v.object),
        [v1, v2, v3],
      );
      const at = await store.getObject(v1.id, A, {
        kind: 'at',
        versions: ['2024-02-01T00:00:00.000Z'],
      });
      assert.deepEqual(
        at.map((v) => v.object),
        [v2],
        'timestamps match whatever their precision',
      );
      const latest = await store.queryObjects({ ids: [v1.id], limit: 10 }, A);
      assert.deepEqual(
        latest.items.map((v) => v.object),
        [v3],
      );
    });

    test('several versions of one object in one batch', async () => {
      const v1 = indicator();
      const v2 = { ...v1, modified: '2024-05-01T00:00:00.000Z' };
      const outcomes = await store.putObjects([write(v2), write(v1), write(v1)]);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['stored', 'stored', 'unchanged'],
      );
      assert.deepEqual(
        (await store.getObject(v1.id, A)).map((v) => v.object),
        [v2],
      );
      assert.deepEqual(
        (await store.getObject(v1.id, A, { kind: 'first' })).map((v) => v.object),
        [v1],
      );
    });

    test('a revoked object gets no newer versions; a foreign creator cannot version; created cannot change', async () => {
      const creator = 'identity--1c1e8f3c-5e1b-4b8e-9f7a-000000000001';
      const object = indicator({ created_by_ref: creator });
      const revoked = { ...object, modified: '2024-02-01T00:00:00.000Z', revoked: true };
      await store.putObjects([write(object), write(revoked)]);
      const [after] = await store.putObjects([
        write({ ...object, modified: '2024-03-01T00:00:00.000Z' }),
      ]);
      assert.equal(after?.status === 'rejected' && after.rule, 'revoked');
      const other = indicator({ created_by_ref: creator });
      await store.putObjects([write(other)]);
      const [forged] = await store.putObjects([
        write({
          ...other,
          created_by_ref: 'identity--1c1e8f3c-5e1b-4b8e-9f7a-000000000002',
          modified: '2024-06-01T00:00:00.000Z',
        }),
      ]);
      assert.equal(forged?.status === 'rejected' && forged.rule, 'foreign-creator');
      const [moved] = await store.putObjects([
        write({
          ...other,
          created: '2023-01-01T00:00:00.000Z',
          modified: '2024-06-01T00:00:00.000Z',
        }),
      ]);
      assert.equal(moved?.status === 'rejected' && moved.rule, 'created-changed');
    });

    test('a rejected write does not stop the rest of its batch', async () => {
      const stored = indicator();
      await store.putObjects([write(stored)]);
      const fresh = indicator();
      const outcomes = await store.putObjects([
        write({ ...stored, name: 'conflict' }),
        write(fresh),
      ]);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['rejected', 'stored'],
      );
      assert.equal((await store.getObject(fresh.id, A)).length, 1);
    });

    test('SCOs (no version) are stored once; a different body is a conflict', async () => {
      const sco = {
        type: 'domain-name',
        spec_version: '2.1',
        id: newId('domain-name'),
        value: 'example.org',
      };
      const [first] = await store.putObjects([
        { object: sco, version: undefined, audience: ['org:a'], submittedBy: 'a' },
      ]);
      assert.equal(first?.status, 'stored');
      const [again] = await store.putObjects([
        { object: sco, version: undefined, audience: ['org:a'], submittedBy: 'a' },
      ]);
      assert.equal(again?.status, 'unchanged');
      const [changed] = await store.putObjects([
        {
          object: { ...sco, value: 'example.net' },
          version: undefined,
          audience: ['org:a'],
          submittedBy: 'a',
        },
      ]);
      assert.equal(changed?.status, 'rejected');
      const [read] = await store.getObject(sco.id, A);
      assert.equal(
        read?.version,
        read?.added,
        'an unversioned object shows its date added as version',
      );
    });

    test('filters: type, id, created_by, spec_version, added_after, alone and combined', async () => {
      const creator = 'identity--2d2e8f3c-5e1b-4b8e-9f7a-000000000001';
      const tag = newId('x-tag');
      const malware = {
        type: 'malware',
        spec_version: '2.1',
        id: newId('malware'),
        created: '2024-01-01T00:00:00.000Z',
        modified: '2024-01-01T00:00:00.000Z',
        is_family: true,
        name: 'M',
        created_by_ref: creator,
      };
      const ind = indicator({ created_by_ref: creator, x_tag: tag });
      const other = indicator();
      const [m] = await store.putObjects([write(malware)]);
      await store.putObjects([write(ind), write(other)]);
      const viewer = A;
      const ids = async (q: Parameters<Store['queryObjects']>[0]) =>
        (await store.queryObjects(q, viewer)).items.map((i) => i.id);
      assert.ok((await ids({ types: ['malware'], limit: 1000 })).includes(malware.id));
      assert.ok(!(await ids({ types: ['malware'], limit: 1000 })).includes(ind.id));
      assert.deepEqual(await ids({ ids: [ind.id, other.id], limit: 10 }), [ind.id, other.id]);
      assert.deepEqual(await ids({ createdBy: [creator], limit: 10 }), [malware.id, ind.id]);
      assert.deepEqual(await ids({ createdBy: [creator], types: ['indicator'], limit: 10 }), [
        ind.id,
      ]);
      assert.deepEqual(await ids({ ids: [ind.id], specVersions: ['2.0'], limit: 10 }), []);
      const added = m?.status === 'stored' ? m.added : '';
      assert.deepEqual(await ids({ createdBy: [creator], addedAfter: added, limit: 10 }), [ind.id]);
      assert.equal(await store.countObjects({ createdBy: [creator] }, viewer), 2);
    });

    test('paging returns every row exactly once, in order, while other batches are added', async () => {
      const viewer: Viewer = { tokens: ['org:paging'] };
      const first = Array.from({ length: 25 }, () => indicator());
      await store.putObjects(first.map((o) => write(o, ['org:paging'])));
      const seen: string[] = [];
      const added: string[] = first.map((o) => o.id);
      let cursor: string | undefined;
      let round = 0;
      do {
        const page = await store.queryObjects({ limit: 4, ...(cursor ? { cursor } : {}) }, viewer);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.next;
        if (round++ < 5) {
          const more = [indicator(), indicator()];
          await store.putObjects(more.map((o) => write(o, ['org:paging'])));
          added.push(...more.map((o) => o.id));
        }
      } while (cursor);
      assert.deepEqual(
        seen,
        added,
        'each row once, in the order added, including rows added mid-paging',
      );
      const addedTimes = (await store.queryObjects({ limit: 1000 }, viewer)).items.map(
        (i) => i.added,
      );
      assert.deepEqual([...addedTimes].sort(), addedTimes);
      assert.equal(new Set(addedTimes).size, addedTimes.length, 'added is strictly increasing');
    });

    test('a malformed or tampered cursor is refused', async () => {
      for (const cursor of [
        'garbage',
        'v1.!!!',
        `v1.${Buffer.from('-5').toString('base64url')}`,
        `v1.${Buffer.from('1e9').toString('base64url')}`,
      ]) {
        await assert.rejects(
          store.queryObjects({ limit: 5, cursor }, A),
          InvalidCursorError,
          cursor,
        );
      }
    });

    test('the audience gate: a viewer sees exactly the versions that share one of its tokens', async () => {
      const onlyA = indicator();
      const both = indicator();
      const publicOne = indicator();
      await store.putObjects([
        write(onlyA, ['org:gate-a']),
        write(both, ['org:gate-a', 'group:g1']),
        write(publicOne, ['public', 'org:gate-a']),
      ]);
      const ids = async (viewer: Viewer) =>
        (
          await store.queryObjects({ ids: [onlyA.id, both.id, publicOne.id], limit: 10 }, viewer)
        ).items.map((i) => i.id);
      assert.deepEqual(await ids({ tokens: ['org:gate-a'] }), [onlyA.id, both.id, publicOne.id]);
      assert.deepEqual(await ids({ tokens: ['group:g1'] }), [both.id]);
      assert.deepEqual(await ids({ tokens: ['public', 'org:zzz'] }), [publicOne.id]);
      assert.deepEqual(await ids({ tokens: [] }), []);
      assert.deepEqual(await ids(B), []);
      assert.deepEqual(await store.getObject(onlyA.id, B), []);
      assert.equal(
        await store.countObjects(
          { ids: [onlyA.id, both.id, publicOne.id] },
          { tokens: ['group:g1'] },
        ),
        1,
      );
    });

    test('organizations, users, API keys, settings and records', async () => {
      const org = {
        id: `org-${newId('x')}`,
        name: 'CERT-X',
        identityId: newId('identity'),
        created: '2024-01-01T00:00:00.000Z',
      };
      await store.createOrganization(org);
      assert.deepEqual(await store.getOrganization(org.id), org);
      assert.ok((await store.listOrganizations()).some((o) => o.id === org.id));
      const user = {
        id: `user-${newId('x')}`,
        organizationId: org.id,
        name: 'ana',
        role: 'analyst' as const,
        created: org.created,
      };
      await store.createUser(user);
      assert.deepEqual(await store.getUser(user.id), user);
      const key = {
        id: newId('x').slice(-16),
        userId: user.id,
        secretHash: 'ab'.repeat(32),
        created: org.created,
      };
      await store.createApiKey(key);
      assert.deepEqual(await store.getApiKey(key.id), key);
      await store.revokeApiKey(key.id, '2024-02-01T00:00:00.000Z');
      assert.equal((await store.getApiKey(key.id))?.revoked, '2024-02-01T00:00:00.000Z');
      assert.equal(await store.getSetting('nope'), undefined);
      await store.setSetting('k', 'v1');
      await store.setSetting('k', 'v2');
      assert.equal(await store.getSetting('k'), 'v2');
      await store.putRecord('kind', 'b', { x: 1 });
      await store.putRecord('kind', 'a', { y: [2] });
      await store.putRecord('kind', 'a', { y: [3] });
      assert.deepEqual(await store.getRecord('kind', 'a'), { y: [3] });
      assert.deepEqual(
        (await store.listRecords('kind')).map((r) => r.id),
        ['a', 'b'],
      );
      assert.equal(await store.deleteRecord('kind', 'a'), true);
      assert.equal(await store.deleteRecord('kind', 'a'), false);
      assert.equal(await store.getRecord('kind', 'a'), undefined);
    });

    test(
      'data survives reopening',
      { skip: options.reopen ? false : 'backend cannot reopen' },
      async () => {
        const object = indicator();
        await store.putObjects([write(object)]);
        const reopened = await options.reopen!(store);
        store = reopened;
        assert.deepEqual(
          (await store.getObject(object.id, A)).map((v) => v.object),
          [object],
        );
      },
    );
  });
}
