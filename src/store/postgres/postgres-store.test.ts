import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import pg from 'pg';
import { runStoreContract } from '../contract/store-contract.js';
import { PostgresStore } from './postgres-store.js';

// When SHURA_TEST_PG is set, an unreachable server fails the suite: CI must never skip silently.
const url = process.env.SHURA_TEST_PG;
// A schema per run, dropped at the end, so concurrent runs on one server do not collide.
const schema = `shura_test_${randomBytes(6).toString('hex')}`;

if (url) {
  after(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });
} else {
  console.log('PostgreSQL store contract skipped: set SHURA_TEST_PG=postgres://… to run it');
}

runStoreContract('PostgreSQL', {
  ...(url
    ? {}
    : { skip: 'SHURA_TEST_PG is not set (e.g. postgres://postgres@127.0.0.1:5432/test)' }),
  create: (options) => PostgresStore.connect(url!, { schema, poolSize: 3, ...options }),
});
