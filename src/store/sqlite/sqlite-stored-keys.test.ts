import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { indicator, isolatedViewer, nextVersion, write } from '../contract/factories.js';
import { idKey } from './sqlite-id-key.js';
import { IdKeyFilter, StoredKeys } from './sqlite-stored-keys.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'shura-stored-keys-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const keyOf = () => idKey(`indicator--${randomUUID()}`);

describe('IdKeyFilter', () => {
  test('never says no to a key it holds; rarely says maybe to one it does not', () => {
    const filter = new IdKeyFilter(100_000);
    const held = Array.from({ length: 100_000 }, keyOf);
    for (const key of held) filter.add(key);
    assert.ok(held.every((key) => filter.mayHave(key)));
    const strangers = Array.from({ length: 100_000 }, keyOf);
    const maybes = strangers.filter((key) => filter.mayHave(key)).length;
    assert.ok(maybes < 2_000, `${maybes} of 100,000 absent keys looked present`);
    assert.equal(filter.full, false);
  });

  test('says it is full past the keys it was sized for', () => {
    const filter = new IdKeyFilter(10);
    let added = 0;
    while (!filter.full) {
      filter.add(keyOf());
      added++;
    }
    assert.ok(added > 100_000, `full after ${added} keys`); // the smallest filter: 2^20 bits
  });
});

/** A store on a new file that has written once and holds its filter. */
async function writtenStore(
  name: string,
  token: string,
): Promise<{ path: string; store: SqliteStore }> {
  const path = join(dir, name);
  const store = SqliteStore.open(path, { backgroundCheckpoints: false });
  await store.migrate();
  await store.putObjects([write(indicator(), [token])]);
  await store.keyFilterIdle(); // built on its thread: the writes that follow use it
  return { path, store };
}

/** A new object stored through another connection to the file (another process's writer). */
async function storedElsewhere(path: string, token: string) {
  const other = SqliteStore.open(path, { backgroundCheckpoints: false });
  const object = indicator();
  await other.putObjects([write(object, [token])]);
  await other.close();
  return object;
}

describe('SQLite batch writer: ids of new objects are not looked up (sqlite-stored-keys.ts)', () => {
  test('versions another connection committed are found: the same version is unchanged, a new one is latest', async () => {
    const { token, viewer } = isolatedViewer();
    const { path, store } = await writtenStore('two-writers.db', token);
    const object = await storedElsewhere(path, token);

    const [again] = await store.putObjects([write(object, [token])]);
    assert.equal(again?.status, 'unchanged');
    const v2 = nextVersion(object, '2099-01-01T00:00:00.000Z', { name: 'second' });
    assert.equal((await store.putObjects([write(v2, [token])]))[0]?.status, 'stored');
    const versions = await store.getObject(object.id, viewer, { kind: 'all' });
    assert.deepEqual(
      versions.map((v) => v.version),
      [object.modified, v2.modified],
    );
    const [latest] = await store.getObject(object.id, viewer);
    assert.equal(latest?.version, v2.modified);
    await store.close();
  });

  test('after a rolled-back write, versions committed in the seqs it had taken are found', async () => {
    const { token } = isolatedViewer();
    const { path, store } = await writtenStore('rollback.db', token);
    // A trigger makes the next write fail at its very end (the clock update, after its
    // versions and keys are in): it rolls back.
    const db = new Database(path);
    db.exec(`CREATE TRIGGER refuse BEFORE UPDATE ON write_clock
      BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    await assert.rejects(store.putObjects([write(indicator(), [token])]), /refused/);
    db.exec('DROP TRIGGER refuse');
    db.close();
    // Another connection's version takes the seq the rolled-back one had.
    const object = await storedElsewhere(path, token);
    const [again] = await store.putObjects([write(object, [token])]);
    assert.equal(again?.status, 'unchanged');
    await store.close();
  });

  test("the writer's own committed batches are found, before and after another connection's commit", async () => {
    const { token } = isolatedViewer();
    const { path, store } = await writtenStore('own-batches.db', token);
    const first = [indicator(), indicator(), indicator()];
    await store.putObjects(first.map((object) => write(object, [token])));
    const second = [indicator(), indicator()];
    await store.putObjects(second.map((object) => write(object, [token])));
    const elsewhere = await storedElsewhere(path, token);
    const third = [indicator(), indicator()];
    await store.putObjects(third.map((object) => write(object, [token])));
    const all = [...first, ...second, elsewhere, ...third];
    const again = await store.putObjects(all.map((object) => write(object, [token])));
    assert.deepEqual(
      again.map((outcome) => outcome.status),
      all.map(() => 'unchanged'),
    );
    await store.close();
  });
});

describe('SQLite id key filter built on a thread of its own (sqlite-key-scan.ts)', () => {
  /**
   * A file holding `count` objects, written by a store that builds its filter in this thread,
   * and the {@link StoredKeys} of a second connection to it, under test.
   */
  async function fileWith(name: string, count: number) {
    const path = join(dir, name);
    const store = SqliteStore.open(path, {
      backgroundCheckpoints: false,
      backgroundKeyFilter: false,
    });
    await store.migrate();
    const { token } = isolatedViewer();
    const objects: ReturnType<typeof indicator>[] = [];
    const add = async (n: number) => {
      for (let i = 0; i < n; i += 500) {
        const batch = Array.from({ length: Math.min(500, n - i) }, () => indicator());
        await store.putObjects(batch.map((object) => write(object, [token])));
        objects.push(...batch);
      }
    };
    await add(count);
    let db: Database.Database | undefined;
    let stored: StoredKeys | undefined;
    return {
      path,
      store,
      objects,
      add,
      /** The keys of the second connection, building on their own thread. */
      storedKeys(options: { minBits?: number; maxCatchUp?: number } = {}): StoredKeys {
        const connection = (db = new Database(path));
        return (stored = new StoredKeys((sql) => connection.prepare(sql), { path, ...options }));
      },
      /** `current()`, inside a transaction as the batch writer calls it. */
      current: () => db!.transaction(() => stored!.current())(),
      /** The objects whose keys `filter` lacks: none for a filter that holds every key. */
      unheld: (filter: IdKeyFilter) => objects.filter((o) => !filter.mayHave(idKey(o.id))),
      async close() {
        await stored?.close();
        db?.close();
        await store.close();
      },
    };
  }

  test('no filter until the scan is done (ids are looked up); then it holds every key, those committed meanwhile included', async () => {
    const file = await fileWith('scan.db', 2000);
    const stored = file.storedKeys();
    assert.equal(stored.current(), undefined);
    await file.add(300); // committed while the scan runs, or before it starts
    await stored.idle();
    await file.add(200); // committed after the scan: caught up by seq
    const filter = file.current();
    assert.ok(filter);
    const missing = file.unheld(filter);
    assert.deepEqual(missing, []);
    await file.close();
  });

  test('a filter too far behind is dropped and built anew on its thread, not read back in one write', async () => {
    const file = await fileWith('behind.db', 500);
    const stored = file.storedKeys({ maxCatchUp: 100 });
    file.current();
    await stored.idle();
    const first = file.current();
    assert.ok(first);
    await file.add(100); // as far behind as may be caught up
    assert.equal(file.current(), first);
    await file.add(101);
    assert.equal(
      file.current(),
      undefined,
      'dropped: ids are looked up until the new one is built',
    );
    await stored.idle();
    const rebuilt = file.current();
    assert.ok(rebuilt && rebuilt !== first);
    assert.deepEqual(file.unheld(rebuilt), []);
    await file.close();
  });

  test('a full filter keeps answering while its larger successor is built, which then replaces it', async () => {
    const file = await fileWith('full.db', 1000);
    // 2^10 bits at least: the first filter, sized for 2 × 1,000 keys, fills past ~3,300.
    const stored = file.storedKeys({ minBits: 1024 });
    stored.current();
    await stored.idle();
    const first = stored.current();
    assert.ok(first && !first.full);
    await file.add(3000);
    const full = stored.current();
    assert.equal(full, first, 'the full filter still answers');
    assert.ok(full?.full);
    await stored.idle();
    const larger = stored.current();
    assert.ok(larger && larger !== first && !larger.full);
    assert.deepEqual(file.unheld(larger), []);
    await file.close();
  });

  test('a store whose filter is still being built stores and finds versions exactly as with it', async () => {
    const { path, store: builder, objects } = await fileWith('store.db', 1500);
    await builder.close();
    const { token, viewer } = isolatedViewer();
    const store = SqliteStore.open(path, { backgroundCheckpoints: false });
    // The first write starts the build: it and the next run before the filter is ready.
    const again = await store.putObjects(objects.slice(0, 300).map((o) => write(o, [token])));
    assert.ok(again.every((outcome) => outcome.status === 'unchanged'));
    const v2 = nextVersion(objects[0]!, '2099-01-01T00:00:00.000Z', { name: 'second' });
    assert.equal((await store.putObjects([write(v2, [token])]))[0]?.status, 'stored');
    await store.keyFilterIdle();
    const later = await store.putObjects(objects.slice(300).map((o) => write(o, [token])));
    assert.ok(later.every((outcome) => outcome.status === 'unchanged'));
    assert.equal((await store.getObject(objects[0]!.id, viewer))[0]?.version, v2.modified);
    await store.close();
  });
});
