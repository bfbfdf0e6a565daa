/**
 * Read-ahead of collection pages (`federation/collection-read-ahead.ts`), on a real SQLite
 * file: a page read ahead is served only to the exact request it was read for, by the same
 * viewer, while nothing has been written or deleted since (by this connection or another
 * process's), and otherwise read again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, test } from 'node:test';
import { CollectionReadAhead } from '../src/federation/collection-read-ahead.js';
import { readCollection, type CollectionQuery } from '../src/federation/collection-reads.js';
import { DEFAULT_COLLECTION } from '../src/federation/taxii-collections.js';
import type { Viewer } from '../src/policy/viewer.js';
import { indicator, write } from '../src/store/contract/factories.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'shura-read-ahead-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const A: Viewer = { tokens: ['public', 'org:a'] };
const B: Viewer = { tokens: ['public', 'org:b'] };
const EPOCH = '1970-01-01T00:00:00.000Z';
const LIMIT = 5;
/** Lets the read scheduled by `foresee` run. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** The store, counting its page reads (the real store underneath). */
function counted(store: Store): { store: Store; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (name === 'queryObjects')
        return (...args: Parameters<Store['queryObjects']>) => {
          reads++;
          return target.queryObjects(...args);
        };
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  return { store: proxy, reads: () => reads };
}

let file = 0;
/** A fresh store with 12 objects only org A sees and 12 everyone sees, interleaved. */
async function fixture() {
  const path = join(dir, `s${++file}.db`);
  const raw = SqliteStore.open(path);
  await raw.migrate();
  const writes = Array.from({ length: 24 }, (_, n) =>
    write(indicator(), n % 2 ? ['org:a'] : ['public']),
  );
  await raw.putObjects(writes);
  const onlyA = new Set(writes.filter((_, n) => n % 2).map((w) => w.object.id));
  const { store, reads } = counted(raw);
  return { path, raw, store, reads, onlyA, readAhead: new CollectionReadAhead(store) };
}

const first: CollectionQuery = { addedAfter: EPOCH, limit: LIMIT };
const ids = (page: { items: { id: string }[] }) => page.items.map((v) => v.id);

describe('Read-ahead of collection pages', () => {
  let f: Awaited<ReturnType<typeof fixture>>;
  beforeEach(async () => {
    f = await fixture();
  });
  afterEach(async () => {
    f.readAhead.close();
    await f.raw.close();
  });
  /** A reads page 1; page 2 is read ahead for A. Returns page 2's query. */
  async function secondPageReadAhead(): Promise<CollectionQuery> {
    const page1 = await f.readAhead.read(DEFAULT_COLLECTION, first, A);
    f.readAhead.foresee(DEFAULT_COLLECTION, first, A, page1);
    await turn();
    return { ...first, addedAfter: page1.resumeAfter! };
  }

  test('a client paging to the end gets exactly the pages read directly, the later ones read ahead', async () => {
    const direct: string[][] = [];
    let query: CollectionQuery | undefined = first;
    while (query) {
      const page = await readCollection(f.raw, DEFAULT_COLLECTION, query, A);
      direct.push(ids(page));
      query = page.resumeAfter ? { ...query, addedAfter: page.resumeAfter } : undefined;
    }
    const readsBefore = f.reads();
    const paged: string[][] = [];
    query = first;
    while (query) {
      const page = await f.readAhead.read(DEFAULT_COLLECTION, query, A);
      f.readAhead.foresee(DEFAULT_COLLECTION, query, A, page);
      paged.push(ids(page));
      await turn(); // the client receiving the page: the next is read meanwhile
      query = page.resumeAfter ? { ...query, addedAfter: page.resumeAfter } : undefined;
    }
    assert.deepEqual(paged, direct);
    assert.equal(direct.length, 5);
    // One read per page, whether read ahead or not: no page was read twice.
    assert.equal(f.reads() - readsBefore, direct.length);
  });

  test('a version deleted after the next page was read ahead is not served', async () => {
    const next = await secondPageReadAhead();
    const expected = await readCollection(f.raw, DEFAULT_COLLECTION, next, A);
    const gone = expected.items[1]!;
    assert.equal(await f.raw.deleteVersions(gone.id, 'a', [{ kind: 'all' }], A), 1);
    const page2 = await f.readAhead.read(DEFAULT_COLLECTION, next, A);
    assert.ok(!ids(page2).includes(gone.id));
    assert.equal(page2.items.length, LIMIT, 'the page was read again, one object further');
  });

  test('a write by another process (another connection to the file) makes the page read again', async () => {
    const next = await secondPageReadAhead();
    const ahead = await readCollection(f.raw, DEFAULT_COLLECTION, next, A);
    const gone = ahead.items[0]!;
    const other = SqliteStore.open(f.path, { backgroundCheckpoints: false });
    try {
      assert.equal(await other.deleteVersions(gone.id, 'a', [{ kind: 'all' }], A), 1);
    } finally {
      await other.close();
    }
    const page2 = await f.readAhead.read(DEFAULT_COLLECTION, next, A);
    assert.ok(!ids(page2).includes(gone.id));
  });

  test('another viewer asking for the same page gets its own, never the one read for A', async () => {
    const next = await secondPageReadAhead();
    const forA = ids(await readCollection(f.raw, DEFAULT_COLLECTION, next, A));
    assert.ok(
      forA.some((id) => f.onlyA.has(id)),
      'the page read ahead holds what only A sees',
    );
    const forB = ids(await f.readAhead.read(DEFAULT_COLLECTION, next, B));
    assert.deepEqual(forB, ids(await readCollection(f.raw, DEFAULT_COLLECTION, next, B)));
    assert.ok(forB.length > 0 && !forB.some((id) => f.onlyA.has(id)));
  });

  test('pages are not read ahead for a first page, a last page, or after close', async () => {
    const noBound = { limit: LIMIT };
    const page = await f.readAhead.read(DEFAULT_COLLECTION, noBound, A);
    f.readAhead.foresee(DEFAULT_COLLECTION, noBound, A, page);
    await turn();
    const all = await f.readAhead.read(DEFAULT_COLLECTION, { ...first, limit: 100 }, A);
    assert.equal(all.resumeAfter, undefined);
    const before = f.reads();
    f.readAhead.foresee(DEFAULT_COLLECTION, { ...first, limit: 100 }, A, all);
    f.readAhead.close();
    f.readAhead.foresee(DEFAULT_COLLECTION, first, A, page);
    await turn();
    assert.equal(f.reads(), before, 'nothing was read ahead');
  });

  test('what is read ahead is bounded: the oldest page goes when the next does not fit', async () => {
    const readAhead = new CollectionReadAhead(f.store, { capacity: LIMIT });
    const page1 = await readAhead.read(DEFAULT_COLLECTION, first, A);
    readAhead.foresee(DEFAULT_COLLECTION, first, A, page1);
    const page1B = await readAhead.read(DEFAULT_COLLECTION, first, B);
    readAhead.foresee(DEFAULT_COLLECTION, first, B, page1B); // A's page 2 makes room for B's
    await turn();
    const before = f.reads();
    await readAhead.read(DEFAULT_COLLECTION, { ...first, addedAfter: page1B.resumeAfter! }, B);
    assert.equal(f.reads(), before, "B's page 2 was read ahead");
    await readAhead.read(DEFAULT_COLLECTION, { ...first, addedAfter: page1.resumeAfter! }, A);
    assert.equal(f.reads() - before, 1, "A's was dropped: read when asked");
  });

  test('a page read ahead expires; a store that cannot tell changes gets no read-ahead', async () => {
    let now = 0;
    const readAhead = new CollectionReadAhead(f.store, { ttlMs: 1000, now: () => now });
    const page1 = await readAhead.read(DEFAULT_COLLECTION, first, A);
    readAhead.foresee(DEFAULT_COLLECTION, first, A, page1);
    await turn();
    now = 1001;
    const before = f.reads();
    await readAhead.read(DEFAULT_COLLECTION, { ...first, addedAfter: page1.resumeAfter! }, A);
    assert.equal(f.reads() - before, 1, 'expired: read again');

    const blind = new Proxy(f.store, {
      get: (target, name) =>
        name === 'changeMark'
          ? () => Promise.resolve(undefined)
          : (Reflect.get(target, name) as unknown),
    });
    const uncached = new CollectionReadAhead(blind);
    uncached.foresee(DEFAULT_COLLECTION, first, A, page1);
    await turn();
    const start = f.reads();
    await uncached.read(DEFAULT_COLLECTION, { ...first, addedAfter: page1.resumeAfter! }, A);
    assert.equal(f.reads() - start, 1, 'read when asked, not before');
  });

  test('a page read ahead comes finished for its own viewer, finished once with its read', async () => {
    const finished: string[] = [];
    const readAhead = new CollectionReadAhead(f.store, {
      finish: (page, viewer) => {
        finished.push(viewer.tokens.join(' '));
        return { ...page, made: `${viewer.tokens.join(' ')}: ${ids(page).join(',')}` };
      },
    });
    const page1 = await readAhead.read(DEFAULT_COLLECTION, first, A);
    await turn(); // page 2 is read ahead, and finished, meanwhile
    assert.equal(finished.length, 2);
    const next = { ...first, addedAfter: page1.resumeAfter! };
    const page2 = await readAhead.read(DEFAULT_COLLECTION, next, A);
    const direct = await readCollection(f.raw, DEFAULT_COLLECTION, next, A);
    assert.equal(page2.made, `public org:a: ${ids(direct).join(',')}`);
    assert.deepEqual(ids(page2), ids(direct));
    await turn();
    assert.equal(
      finished.length,
      3,
      'pages 1, 2 (read ahead) and 3 (read ahead): each finished once',
    );
    const forB = await readAhead.read(DEFAULT_COLLECTION, next, B);
    assert.ok(forB.made.startsWith('public org:b: '), "B's page is finished for B");
    readAhead.close();
  });
});
