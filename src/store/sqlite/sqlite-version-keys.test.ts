import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { StixObject } from '../../stix/types.js';
import { indicator, isolatedViewer, nextVersion, write } from '../contract/factories.js';
import { idKey } from './sqlite-id-key.js';
import { SqliteStore } from './sqlite-store.js';
import { VersionKeys } from './sqlite-version-keys.js';

const dir = mkdtempSync(join(tmpdir(), 'shura-sqlite-keys-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A quarter of the 52-bit key space: with keyMergeRows 4, each one-row write sweeps one. */
const QUARTER = 2 ** 50;

/** An indicator whose id key lies in quarter `q` (0–3) of the key space. */
function inQuarter(q: number): StixObject {
  for (;;) {
    const object = indicator();
    if (Math.floor(idKey(object.id) / QUARTER) === q) return object;
  }
}

/** Rows of each key table, read on a connection of its own. */
function keyRows(path: string): { fresh: number; merged: number; versions: number } {
  const db = new Database(path, { readonly: true });
  const count = (table: string) =>
    (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const counts = {
    fresh: count('fresh_version_keys'),
    merged: count('version_keys'),
    versions: count('versions'),
  };
  db.close();
  return counts;
}

async function openStore(name: string, keyMergeRows?: number) {
  const path = join(dir, name);
  const store = SqliteStore.open(path, {
    backgroundCheckpoints: false,
    ...(keyMergeRows ? { keyMergeRows } : {}),
  });
  await store.migrate();
  return { path, store, ...isolatedViewer() };
}

describe('SQLite id keys in two levels (sqlite-version-keys.ts)', () => {
  test('each write moves the fresh keys of the next stretch of the key space: a key has moved once keyMergeRows rows followed it', async () => {
    const { path, store, token, viewer } = await openStore('sweep.db', 4);
    const written: StixObject[] = [];
    const put = async (object: StixObject) => {
      written.push(object);
      await store.putObjects([write(object, [token])]);
      for (const o of written)
        assert.equal((await store.getObject(o.id, viewer))[0]?.id, o.id, 'found by id');
    };
    await put(inQuarter(3)); // sweeps quarter 0
    assert.deepEqual(keyRows(path), { fresh: 1, merged: 0, versions: 1 });
    await put(inQuarter(0)); // sweeps quarter 1
    await put(inQuarter(0)); // sweeps quarter 2
    assert.deepEqual(keyRows(path), { fresh: 3, merged: 0, versions: 3 });
    await put(inQuarter(0)); // sweeps quarter 3: the first key moves, four rows after it
    assert.deepEqual(keyRows(path), { fresh: 3, merged: 1, versions: 4 });
    await put(inQuarter(1)); // sweeps quarter 0 again
    assert.deepEqual(keyRows(path), { fresh: 1, merged: 4, versions: 5 });
    await store.close();
  });

  test('a write of keyMergeRows rows or more moves every fresh key; a new version of a moved object is found beside it', async () => {
    const { path, store, token, viewer } = await openStore('merge.db', 4);
    const first = inQuarter(3);
    await store.putObjects([write(first, [token])]);
    const batch = Array.from({ length: 4 }, () => indicator());
    await store.putObjects(batch.map((o) => write(o, [token])));
    assert.deepEqual(keyRows(path), { fresh: 0, merged: 5, versions: 5 });
    const v2 = nextVersion(first, '2099-01-01T00:00:00.000Z', { name: 'second' });
    await store.putObjects([write(v2, [token])]); // sweeps quarter 0: v2 stays fresh
    assert.deepEqual(keyRows(path), { fresh: 1, merged: 5, versions: 6 });
    const all = await store.getObject(first.id, viewer, { kind: 'all' });
    assert.deepEqual(
      all.map((v) => v.version),
      [first.modified, v2.modified],
    );
    assert.equal((await store.getObject(first.id, viewer))[0]?.version, v2.modified);
    await store.close();
  });

  test('deleting versions removes their keys from both tables', async () => {
    const { path, store, token, viewer } = await openStore('delete.db', 4);
    const v1 = inQuarter(3);
    await store.putObjects(
      [v1, ...Array.from({ length: 3 }, () => indicator())].map((o) => write(o, [token])),
    ); // four rows: all moved
    const v2 = nextVersion(v1, '2099-01-01T00:00:00.000Z', { name: 'second' });
    await store.putObjects([write(v2, [token])]); // sweeps quarter 0: v2 stays fresh
    assert.deepEqual(keyRows(path), { fresh: 1, merged: 4, versions: 5 });
    const deleted = await store.deleteVersions(v1.id, 'a', [{ kind: 'all' }], viewer);
    assert.equal(deleted, 2);
    assert.deepEqual(keyRows(path), { fresh: 0, merged: 3, versions: 3 });
    assert.deepEqual(await store.getObject(v1.id, viewer, { kind: 'all' }), []);
    await store.close();
  });

  test('a rolled-back batch leaves no keys behind', async () => {
    const { path, store, token } = await openStore('rollback.db', 4);
    await store.putObjects([write(inQuarter(3), [token])]);
    // A missing submitter breaks a NOT NULL constraint: the insert fails inside the transaction.
    const bad = { ...write(indicator(), [token]), submittedBy: null as unknown as string };
    await assert.rejects(store.putObjects([write(inQuarter(2), [token]), bad]));
    assert.deepEqual(keyRows(path), { fresh: 1, merged: 0, versions: 1 });
    await store.close();
  });

  test('a transaction that rolls back after moving keys leaves the sweep where it was', () => {
    const db = new Database(':memory:');
    db.exec(`
      CREATE TABLE versions (seq INTEGER PRIMARY KEY, id_key INTEGER NOT NULL);
      CREATE TABLE version_keys (id_key INTEGER, seq INTEGER, PRIMARY KEY (id_key, seq)) WITHOUT ROWID;
      CREATE TABLE fresh_version_keys (id_key INTEGER, seq INTEGER, PRIMARY KEY (id_key, seq)) WITHOUT ROWID;
    `);
    const keys = new VersionKeys((sql) => db.prepare(sql), 4);
    const addRow = (seq: number, quarter: number) => {
      db.prepare('INSERT INTO versions VALUES (?, ?)').run(seq, quarter * QUARTER + 12345);
      keys.added(seq, seq);
    };
    const fresh = () =>
      (
        db.prepare('SELECT seq FROM fresh_version_keys ORDER BY seq').all() as { seq: number }[]
      ).map((r) => r.seq);
    db.transaction(() => addRow(1, 3))(); // sweeps quarter 0
    keys.committed();
    assert.throws(
      db.transaction(() => {
        addRow(2, 2); // sweeps quarter 1
        addRow(3, 2); // sweeps quarter 2, moving 2 and 3
        throw new Error('fails after moving keys');
      }),
    );
    keys.forgetUncommitted();
    db.transaction(() => addRow(4, 3))(); // sweeps quarter 1 again; had it gone on, quarter 3
    keys.committed();
    assert.deepEqual(fresh(), [1, 4]);
    db.close();
  });
});
