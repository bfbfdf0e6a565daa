import { randomBytes } from 'node:crypto';
import { runStoreContract } from '../contract/store-contract.js';
import type { Store } from '../store.js';
import { PostgresStore } from './postgres-store.js';

const url = process.env.SHURA_TEST_PG;
const schema = `shura_test_${randomBytes(6).toString('hex')}`;

if (!url)
  console.log('# PostgreSQL store contract skipped: set SHURA_TEST_PG=postgres://… to run it');

runStoreContract('PostgreSQL', {
  ...(url
    ? {}
    : { skip: 'SHURA_TEST_PG is not set (e.g. postgres://postgres@127.0.0.1:5432/test)' }),
  create: async () => {
    // When SHURA_TEST_PG is set, an unreachable server fails here: CI must never skip silently.
    const store = await PostgresStore.connect(url!, { schema, poolSize: 4 });
    await store.migrate();
    return store;
  },
  reopen: async (store) => {
    await store.close();
    const reopened = await PostgresStore.connect(url!, { schema, poolSize: 4 });
    await reopened.migrate();
    return reopened;
  },
  destroy: async (store: Store) => {
    await (store as PostgresStore).dropSchema();
    await store.close();
  },
});
