import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runStoreContract } from '../contract/store-contract.js';
import { SqliteStore } from './sqlite-store.js';

// One file per run, shared by the handles the contract opens (WAL: several connections).
const dir = mkdtempSync(join(tmpdir(), 'shura-sqlite-contract-'));
after(() => rmSync(dir, { recursive: true, force: true }));

runStoreContract('SQLite (file, WAL)', {
  create: (options) => Promise.resolve(SqliteStore.open(join(dir, 'contract.db'), options)),
});

// Again with the id keys merged after every two new versions: every case then reads versions
// found partly in the fresh key table and partly in the merged one (sqlite-version-keys.ts).
runStoreContract('SQLite (id keys merged at every turn)', {
  create: (options) =>
    Promise.resolve(
      SqliteStore.open(join(dir, 'contract-merging.db'), { ...options, keyMergeRows: 2 }),
    ),
});
