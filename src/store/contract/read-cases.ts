import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Viewer } from '../../policy/viewer.js';
import { InvalidCursorError, type ObjectQuery, type Store } from '../store.js';
import type { ContractContext } from './store-contract.js';
import {
  domainName,
  indicator,
  isolatedViewer,
  malware,
  newId,
  nextVersion,
  write,
} from './factories.js';

const C1 = 'identity--2d2e8f3c-5e1b-4b8e-9f7a-000000000001';
const C2 = 'identity--2d2e8f3c-5e1b-4b8e-9f7a-000000000002';

/** Reads every page of a query; returns the ids in page order. */
async function pageThrough(
  store: Store,
  query: Omit<ObjectQuery, 'cursor'>,
  viewer: Viewer,
  between?: () => Promise<void>,
): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.queryObjects({ ...query, ...(cursor ? { cursor } : {}) }, viewer);
    assert.ok(page.items.length <= query.limit);
    seen.push(...page.items.map((i) => i.id));
    cursor = page.next;
    if (cursor) await between?.();
  } while (cursor);
  return seen;
}

/** queryObjects, countObjects, getObject: filters, paging, cursors, the audience gate. */
export function defineReadTests(context: ContractContext): void {
  const store = () => context.store();

  test('every read returns the version facts (TLP level, modified, created, creator) from their columns', async () => {
    const { token, viewer } = isolatedViewer();
    const amber = indicator({
      created_by_ref: C1,
      // TLP 2.0 AMBER and TLP 1.0 GREEN: the strictest is AMBER.
      object_marking_refs: [
        'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
        'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
      ],
    });
    const plain = indicator({ created_by_ref: C2 });
    const sco = domainName(`facts-${newId().slice(-12)}.example.org`);
    await store().putObjects([write(amber, [token]), write(plain, [token]), write(sco, [token])]);
    const [gotAmber] = await store().getObject(amber.id, viewer);
    assert.deepEqual(gotAmber?.facts, {
      tlp: 'amber',
      modified: amber.modified,
      created: amber.created,
      createdByRef: C1,
    });
    const page = await store().queryObjects({ ids: [plain.id, sco.id], limit: 10 }, viewer);
    const facts = new Map(page.items.map((v) => [v.id, v.facts]));
    assert.deepEqual(facts.get(plain.id), {
      tlp: undefined,
      modified: plain.modified,
      created: plain.created,
      createdByRef: C2,
    });
    assert.deepEqual(facts.get(sco.id), {
      tlp: undefined,
      modified: undefined,
      created: undefined,
      createdByRef: undefined,
    });
    // The version shown comes from the facts, the same as from the object.
    for (const v of [gotAmber, ...page.items])
      assert.equal(v.version, v.object.modified ?? v.object.created ?? v.added);
  });

  test('queryObjects filters (type, id, creator, spec_version, added_after, versions) alone and combined, and countObjects agrees', async () => {
    const { token, viewer } = isolatedViewer();
    const m = malware({ created_by_ref: C1 });
    const i1 = indicator({ created_by_ref: C1 });
    const i1b = nextVersion(i1, '2024-02-01T00:00:00.000Z');
    const i2 = indicator({ created_by_ref: C2 });
    const legacy = indicator(); // STIX 2.0: no spec_version property
    delete legacy.spec_version;
    const [mAdded] = await store().putObjects([write(m, [token])]);
    await store().putObjects([i1, i1b, i2, legacy].map((o) => write(o, [token])));
    const added = mAdded?.status === 'stored' ? mAdded.added : assert.fail('not stored');
    const cases: [Omit<ObjectQuery, 'limit'>, string[]][] = [
      [{}, [m.id, i1.id, i2.id, legacy.id]],
      [{ types: ['malware'] }, [m.id]],
      [{ types: ['malware', 'indicator'] }, [m.id, i1.id, i2.id, legacy.id]],
      [{ types: ['tool'] }, []],
      [{ ids: [i2.id, m.id] }, [m.id, i2.id]],
      [{ createdBy: [C1] }, [m.id, i1.id]],
      [{ createdBy: [C2, C1] }, [m.id, i1.id, i2.id]],
      [{ specVersions: ['2.0'] }, [legacy.id]],
      [{ addedAfter: added }, [i1.id, i2.id, legacy.id]],
      [{ addedAfter: '2000-01-01T00:00:00Z' }, [m.id, i1.id, i2.id, legacy.id]],
      [{ addedAfter: '2999-01-01T00:00:00.000000Z' }, []],
      [{ versions: [{ kind: 'all' }] }, [m.id, i1.id, i1.id, i2.id, legacy.id]],
      [{ versions: [{ kind: 'first' }], ids: [i1.id] }, [i1.id]],
      [{ versions: [{ kind: 'first' }, { kind: 'last' }], ids: [i1.id] }, [i1.id, i1.id]],
      [{ versions: [{ kind: 'at', versions: ['2024-02-01T00:00:00Z'] }] }, [i1.id]],
      [{ versions: [] }, []],
      [{ types: ['indicator'], createdBy: [C1], versions: [{ kind: 'all' }] }, [i1.id, i1.id]],
      [{ types: ['indicator'], addedAfter: added, specVersions: ['2.1'] }, [i1.id, i2.id]],
    ];
    for (const [query, expected] of cases) {
      const page = await store().queryObjects({ ...query, limit: 100 }, viewer);
      const label = JSON.stringify(query);
      assert.deepEqual(
        page.items.map((i) => i.id),
        expected,
        label,
      );
      assert.equal(await store().countObjects(query, viewer), expected.length, `count ${label}`);
    }
    const [first, second] = (
      await store().queryObjects({ ids: [i1.id], versions: [{ kind: 'all' }], limit: 5 }, viewer)
    ).items;
    assert.deepEqual(
      [first?.object, second?.object],
      [i1, i1b],
      'versions of an object in the order stored',
    );
  });

  test('paging returns every version exactly once and in order, while two handles add batches between page reads', async () => {
    const { token, viewer } = isolatedViewer();
    const expected: string[] = [];
    const add = async (target: Store, count: number) => {
      const objects = Array.from({ length: count }, () => indicator());
      await target.putObjects(objects.map((o) => write(o, [token])));
      expected.push(...objects.map((o) => o.id));
    };
    await add(store(), 25);
    let round = 0;
    const seen = await pageThrough(store(), { limit: 4 }, viewer, async () => {
      if (round++ >= 6) return;
      // Sequential, so `expected` is in commit order; then a concurrent pair.
      await add(context.other(), 2);
      await Promise.all([add(store(), 3), add(context.other(), 3)]);
    });
    const sorted = [...seen].sort();
    assert.deepEqual(sorted, [...expected].sort(), 'each version exactly once');
    assert.equal(seen.length, expected.length);
    const all = (await store().queryObjects({ limit: 1000 }, viewer)).items;
    assert.deepEqual(
      seen,
      all.map((i) => i.id),
      'pages in storage order',
    );
    const added = all.map((i) => i.added);
    assert.ok(
      added.every((a, i) => i === 0 || a > added[i - 1]!),
      'added strictly increases in storage order, across handles',
    );
  });

  test('added_after taken from any returned version resumes right after it, like the cursor', async () => {
    const { token, viewer } = isolatedViewer();
    const objects = Array.from({ length: 6 }, () => indicator());
    await store().putObjects(objects.slice(0, 3).map((o) => write(o, [token])));
    await store().putObjects(objects.slice(3).map((o) => write(o, [token])));
    const page = await store().queryObjects({ limit: 2 }, viewer);
    const last = page.items[1]!;
    const byCursor = await store().queryObjects({ limit: 10, cursor: page.next! }, viewer);
    const byAdded = await store().queryObjects({ limit: 10, addedAfter: last.added }, viewer);
    assert.deepEqual(
      byAdded.items.map((i) => i.id),
      objects.slice(2).map((o) => o.id),
    );
    assert.deepEqual(
      byCursor.items.map((i) => i.id),
      byAdded.items.map((i) => i.id),
    );
  });

  test('the page size is at least 1 and at most capabilities.maxPageSize', async () => {
    const { token, viewer } = isolatedViewer();
    const small = await context.open({ maxPageSize: 3 });
    assert.equal(small.capabilities.maxPageSize, 3);
    assert.equal(store().capabilities.maxPageSize, 10_000, 'the default');
    await small.putObjects(Array.from({ length: 5 }, () => write(indicator(), [token])));
    const big = await small.queryObjects({ limit: 1_000_000 }, viewer);
    assert.equal(big.items.length, 3);
    assert.ok(big.next);
    assert.equal((await small.queryObjects({ limit: 0 }, viewer)).items.length, 1);
    assert.deepEqual(await pageThrough(small, { limit: 10 }, viewer).then((s) => s.length), 5);
  });

  test('a malformed or altered cursor is refused with InvalidCursorError', async () => {
    const { token, viewer } = isolatedViewer();
    await store().putObjects([indicator(), indicator()].map((o) => write(o, [token])));
    const { next } = await store().queryObjects({ limit: 1 }, viewer);
    assert.ok(next);
    const flip = (s: string, at: number) =>
      s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
    const bad = [
      '',
      'garbage',
      `${next}x`,
      next.slice(0, -1),
      flip(next, next.length - 1),
      flip(next, next.length - 8),
      `v1.${Buffer.from('5').toString('base64url')}`,
    ];
    for (const cursor of bad) {
      await assert.rejects(
        store().queryObjects({ limit: 5, cursor }, viewer),
        InvalidCursorError,
        cursor,
      );
    }
    assert.equal((await store().queryObjects({ limit: 5, cursor: next }, viewer)).items.length, 1);
  });

  test('the audience gate: a viewer sees exactly the versions holding one of its tokens, in get, query and count', async () => {
    const { token: mine } = isolatedViewer();
    const { token: group } = isolatedViewer('group');
    const { token: pub } = isolatedViewer('public');
    const onlyMine = indicator();
    const shared = indicator();
    const open = indicator();
    // Re-marked: version 1 was shared with the group, version 2 is not.
    const remarked = indicator();
    const remarked2 = nextVersion(remarked, '2024-02-01T00:00:00.000Z');
    await store().putObjects([
      write(onlyMine, [mine]),
      write(shared, [mine, group]),
      write(open, [pub, mine]),
      write(remarked, [group, mine]),
      write(remarked2, [mine]),
    ]);
    const ids = [onlyMine.id, shared.id, open.id, remarked.id];
    const visible = async (tokens: string[], versions: ObjectQuery['versions']) =>
      (
        await store().queryObjects(
          { ids, limit: 10, ...(versions ? { versions } : {}) },
          {
            tokens,
          },
        )
      ).items.map((i) => i.object);
    const every = [{ kind: 'all' as const }];
    assert.deepEqual(await visible([mine], every), [onlyMine, shared, open, remarked, remarked2]);
    assert.deepEqual(await visible([group], every), [shared, remarked]);
    assert.deepEqual(await visible([group, 'org:nobody'], undefined), [shared]);
    assert.deepEqual(await visible([pub], every), [open]);
    assert.deepEqual(await visible(['org:nobody'], every), []);
    assert.deepEqual(await visible([], every), []);
    for (const tokens of [[], ['org:nobody']]) {
      const outsider = { tokens };
      for (const id of ids)
        for (const kind of ['last', 'first', 'all'] as const)
          assert.deepEqual(await store().getObject(id, outsider, { kind }), []);
      assert.equal(await store().countObjects({ ids, versions: every }, outsider), 0);
      assert.equal(await store().countObjects({}, outsider), 0);
    }
    assert.equal(await store().countObjects({ ids, versions: every }, { tokens: [group] }), 2);
    assert.deepEqual(
      (await store().getObject(remarked.id, { tokens: [group] }, { kind: 'all' })).map(
        (v) => v.object,
      ),
      [remarked],
    );
    assert.deepEqual(
      await store().getObject(remarked.id, { tokens: [group] }),
      [],
      '"last" is the object\'s latest version; a viewer who may not see it gets none',
    );
  });

  test('added is strictly increasing even when the clock stands still or steps back', async () => {
    const { token, viewer } = isolatedViewer();
    const frozen = await context.open({ clock: () => new Date('2001-01-01T00:00:00.000Z') });
    const ahead = await context.open({ clock: () => new Date('2090-01-01T00:00:00.000Z') });
    const batch = () => Array.from({ length: 3 }, () => write(indicator(), [token]));
    const outcomes = [
      ...(await frozen.putObjects(batch())),
      ...(await ahead.putObjects(batch())),
      ...(await frozen.putObjects(batch())),
      ...(await store().putObjects(batch())),
    ];
    const added = outcomes.map((o) => (o.status === 'stored' ? o.added : assert.fail(o.status)));
    assert.ok(
      added.every((a, i) => i === 0 || a > added[i - 1]!),
      added.join(' '),
    );
    assert.ok(added[3]! >= '2090-01-01T00:00:00.000000Z', 'never behind the clock');
    assert.deepEqual(
      (await store().queryObjects({ limit: 20 }, viewer)).items.map((i) => i.added),
      added,
    );
  });
}
