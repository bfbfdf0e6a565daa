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
