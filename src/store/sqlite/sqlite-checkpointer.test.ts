import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { indicator, isolatedViewer, write } from '../contract/factories.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'shura-checkpointer-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Frames in the log and frames already copied into the database file, as SQLite reports them. */
function walState(path: string): { log: number; checkpointed: number } {
  const db = new Database(path);
  try {
    // A PASSIVE checkpoint of an empty remainder copies nothing and reports the counters.
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    return row!;
  } finally {
    db.close();
  }
}

/**
 * Frames in the log (`mxFrame`) and frames copied into the database file (`nBackfill`), read
 * from the wal-index (the -shm file; layout in sqlite.org/walformat.html: the 48-byte header
 * twice, then the checkpoint info; native byte order, little-endian here) without opening the
 * database, which would checkpoint it.
 */
function walIndex(path: string): { frames: number; copied: number } {
  const shm = readFileSync(`${path}-shm`);
  return { frames: shm.readUInt32LE(16), copied: shm.readUInt32LE(96) };
}

describe('SqliteCheckpointer: the write-ahead log is checkpointed off the serving thread', () => {
  test('after enough rows, a checkpoint runs on its own thread; nothing written is lost', async () => {
    const path = join(dir, 'a.db');
    const store = SqliteStore.open(path);
    await store.migrate();
    const { token, viewer } = isolatedViewer();
    const objects = Array.from({ length: 2500 }, () => indicator());
    for (let i = 0; i < objects.length; i += 500)
      await store.putObjects(objects.slice(i, i + 500).map((o) => write(o, [token])));
    const checkpointer = store.checkpointer!;
    await checkpointer.idle();
    assert.ok(checkpointer.completed >= 1, 'a checkpoint completed');
    assert.equal(checkpointer.failed, 0);
    await store.close();

    // Nothing is left to copy: the thread's checkpoint (and the one at close) copied the log.
    const { log, checkpointed } = walState(path);
    assert.equal(log, checkpointed);
    const reopened = SqliteStore.open(path, { backgroundCheckpoints: false });
    assert.equal(await reopened.countObjects({}, viewer), objects.length);
    await reopened.close();
    assert.ok(statSync(path).size > 1_000_000, 'the rows are in the database file');
  });

  test('the writes after a batch are checkpointed too, so the next write starts the log again', async () => {
    const path = join(dir, 'restart.db');
    const store = SqliteStore.open(path);
    await store.migrate();
    const { token } = isolatedViewer();
    const rows = (n: number) => Array.from({ length: n }, () => write(indicator(), [token]));
    await store.putObjects(rows(2000)); // enough rows: a checkpoint is asked for
    await store.checkpointer!.idle();
    // Fewer rows than make a request alone, as the audit events or the TAXII status resource
    // that follow a batch (here after the pass, so the test does not race it).
    await store.putObjects(rows(300));
    await store.checkpointer!.idle();
    const copied = walIndex(path);
    assert.ok(copied.frames > 20, `frames in the log: ${copied.frames}`);
    assert.equal(copied.copied, copied.frames, 'every frame is copied, the later write too');
    // So this write starts the log again from its beginning.
    await store.putRecord('note', 'next', { small: true });
    const { frames } = walIndex(path);
    assert.ok(frames < 10, `frames in the log: ${frames}`);
    await store.close();
  });

  test('close() stops the thread, also while a checkpoint is under way', async () => {
    const store = SqliteStore.open(join(dir, 'b.db'));
    await store.migrate();
    const { token } = isolatedViewer();
    await store.putObjects(Array.from({ length: 2000 }, () => write(indicator(), [token])));
    await store.close(); // would hang the test process if the thread kept running
    assert.equal(store.checkpointer!.failed, 0);
  });

  test('none for :memory: or when turned off; small stores never start the thread', async () => {
    assert.equal(SqliteStore.open(':memory:').checkpointer, undefined);
    assert.equal(
      SqliteStore.open(join(dir, 'c.db'), { backgroundCheckpoints: false }).checkpointer,
      undefined,
    );
    const small = SqliteStore.open(join(dir, 'd.db'));
    await small.migrate();
    await small.putObjects([write(indicator())]);
    assert.equal(small.checkpointer!.completed, 0);
    await small.close();
  });
});
