import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { indicator, isolatedViewer, nextVersion, write } from '../contract/factories.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'shura-sqlite-keys-'));
after(() => rmSync(dir, { recursive: true, force: true }));

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

describe('SQLite id keys in two levels (sqlite-version-keys.ts)', () => {
  test('new versions go to the fresh table, which merges into the main one past the threshold', async () => {
    const path = join(dir, 'merge.db');
    const store = SqliteStore.open(path, { backgroundCheckpoints: false, keyMergeRows: 10 });
    await store.migrate();
    const { token, viewer } = isolatedViewer();
    const first = Array.from({ length: 6 }, () => indicator());
    await store.putObjects(first.map((o) => write(o, [token])));
    assert.deepEqual(keyRows(path), { fresh: 6, merged: 0, versions: 6 });
    const second = Array.from({ length: 6 }, () => indicator());
    await store.putObjects(second.map((o) => write(o, [token])));
    assert.deepEqual(keyRows(path), { fresh: 0, merged: 12, versions: 12 });
    // A new version of a merged object goes to the fresh table; both are found by id.
    const v2 = nextVersion(first[0]!, '2099-01-01T00:00:00.000Z', { name: 'second' });
    await store.putObjects([write(v2, [token])]);
    assert.deepEqual(keyRows(path), { fresh: 1, merged: 12, versions: 13 });
    const all = await store.getObject(first[0]!.id, viewer, { kind: 'all' });
    assert.deepEqual(
      all.map((v) => v.version),
      [first[0]!.modified, v2.modified],
    );
    const [latest] = await store.getObject(first[0]!.id, viewer);
    assert.equal(latest?.version, v2.modified);
    for (const object of [...first, ...second]) {
      const [found] = await store.getObject(object.id, viewer, { kind: 'all' });
      assert.equal(found?.id, object.id);
    }
    await store.close();
  });

  test('deleting versions removes their keys from both tables', async () => {
    const path = join(dir, 'delete.db');
    const store = SqliteStore.open(path, { backgroundCheckpoints: false, keyMergeRows: 2 });
    await store.migrate();
    const { token, viewer } = isolatedViewer();
    const v1 = indicator();
    await store.putObjects([write(v1, [token]), write(indicator(), [token])]); // merged
    const v2 = nextVersion(v1, '2099-01-01T00:00:00.000Z', { name: 'second' });
    await store.putObjects([write(v2, [token])]); // fresh
    assert.deepEqual(keyRows(path), { fresh: 1, merged: 2, versions: 3 });
    const deleted = await store.deleteVersions(v1.id, 'a', [{ kind: 'all' }], viewer);
    assert.equal(deleted, 2);
    assert.deepEqual(keyRows(path), { fresh: 0, merged: 1, versions: 1 });
    assert.deepEqual(await store.getObject(v1.id, viewer, { kind: 'all' }), []);
    await store.close();
  });

  test('a rolled-back batch leaves no keys behind', async () => {
    const path = join(dir, 'rollback.db');
    const store = SqliteStore.open(path, { backgroundCheckpoints: false });
    await store.migrate();
    const { token } = isolatedViewer();
    const good = indicator();
    // A missing submitter breaks a NOT NULL constraint: the insert fails inside the transaction.
    const bad = { ...write(indicator(), [token]), submittedBy: null as unknown as string };
    await assert.rejects(store.putObjects([write(good, [token]), bad]));
    assert.deepEqual(keyRows(path), { fresh: 0, merged: 0, versions: 0 });
    await store.close();
  });
});
