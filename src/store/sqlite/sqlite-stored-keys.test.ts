import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { indicator, isolatedViewer, nextVersion, write } from '../contract/factories.js';
import { idKey } from './sqlite-id-key.js';
import { IdKeyFilter } from './sqlite-stored-keys.js';
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

/** A store on a new file that has written once (so its writer holds a filter). */
async function writtenStore(
  name: string,
  token: string,
): Promise<{ path: string; store: SqliteStore }> {
  const path = join(dir, name);
  const store = SqliteStore.open(path, { backgroundCheckpoints: false });
  await store.migrate();
  await store.putObjects([write(indicator(), [token])]);
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
