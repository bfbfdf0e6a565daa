import type { PoolClient } from 'pg';

/** Ordered schema migrations (the PostgreSQL dialect of the SQLite ones, same logical schema). */
export const POSTGRES_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'objects, versions, audiences, identity',
    sql: `
      CREATE TABLE audiences (audience_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key TEXT NOT NULL UNIQUE);
      CREATE TABLE audience_tokens (token TEXT NOT NULL, audience_id BIGINT NOT NULL, PRIMARY KEY (token, audience_id));
      CREATE TABLE objects (
        id TEXT PRIMARY KEY, type TEXT NOT NULL, created TEXT, created_by_ref TEXT,
        last_version TEXT NOT NULL, first_version TEXT NOT NULL, last_revoked SMALLINT NOT NULL
      );
      CREATE TABLE versions (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id TEXT NOT NULL, version TEXT NOT NULL,
        added_us BIGINT NOT NULL, type TEXT NOT NULL, spec_version TEXT NOT NULL, created_by_ref TEXT,
        revoked SMALLINT NOT NULL, is_latest SMALLINT NOT NULL, is_first SMALLINT NOT NULL,
        audience_id BIGINT NOT NULL, submitted_by TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (id, version)
      );
      CREATE INDEX versions_type_seq ON versions (type, seq);
      CREATE INDEX versions_created_by_seq ON versions (created_by_ref, seq);
      CREATE INDEX versions_added ON versions (added_us);
      CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL, identity_id TEXT NOT NULL UNIQUE, created TEXT NOT NULL);
      CREATE TABLE users (
        id TEXT PRIMARY KEY, organization_id TEXT NOT NULL REFERENCES organizations (id),
        name TEXT NOT NULL, role TEXT NOT NULL, created TEXT NOT NULL
      );
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id), secret_hash TEXT NOT NULL,
        created TEXT NOT NULL, expires TEXT, revoked TEXT
      );
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE records (kind TEXT NOT NULL, id TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (kind, id));
    `,
  },
];

/** Advisory lock key serializing migrations across processes. */
const MIGRATION_LOCK = 7_261_000;

/** Applies pending migrations under an advisory lock: safe to run twice or concurrently. */
export async function migratePostgres(
  client: PoolClient,
  schema: string,
  now: () => Date,
): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const migration of POSTGRES_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [migration.version, migration.name, now().toISOString()],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
