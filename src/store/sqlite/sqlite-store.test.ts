import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runStoreContract } from '../contract/store-contract.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'shura-sqlite-contract-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const path = join(dir, 'contract.db');

runStoreContract('SQLite (file, WAL)', {
  create: async () => {
    const store = SqliteStore.open(path);
    await store.migrate();
    return store;
  },
  reopen: async (store) => {
    await store.close();
    const reopened = SqliteStore.open(path);
    await reopened.migrate();
    return reopened;
  },
});
