import type { PoolClient } from 'pg';
import { checkApplied, PORTABLE_MIGRATIONS, type Migration } from '../sql/migration.js';
import { PG_LOCK_CLASS, schemaLockKey } from './postgres-queries.js';

/** Ordered schema migrations: the PostgreSQL dialect of `sqlite-migrations.ts`, same logical schema. */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'versions with audience sets; identity; settings; records',
    sql: `
      -- COLLATE "C" on compared and indexed text: bytewise order, as in SQLite, and cheaper.
      CREATE TABLE audiences (
        audience_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key TEXT COLLATE "C" NOT NULL UNIQUE
      );
      CREATE TABLE audience_tokens (
        token TEXT COLLATE "C" NOT NULL,
        audience_id BIGINT NOT NULL REFERENCES audiences (audience_id),
        PRIMARY KEY (token, audience_id)
      );
      -- An identity column never hands out a number twice, even after deletes or rollbacks.
      CREATE TABLE versions (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT COLLATE "C" NOT NULL,
        version TEXT COLLATE "C" NOT NULL,
        added_us BIGINT NOT NULL,
        type TEXT COLLATE "C" NOT NULL,
        spec_version TEXT COLLATE "C" NOT NULL,
        created TEXT,
        created_by_ref TEXT COLLATE "C",
        revoked SMALLINT NOT NULL,
        is_latest SMALLINT NOT NULL,
        is_first SMALLINT NOT NULL,
        audience_id BIGINT NOT NULL REFERENCES audiences (audience_id),
        submitted_by TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE UNIQUE INDEX versions_id_version ON versions (id, version);
      CREATE INDEX versions_type_seq ON versions (type, seq);
      CREATE INDEX versions_created_by_seq ON versions (created_by_ref, seq);
      CREATE INDEX versions_added ON versions (added_us, seq);
      CREATE TABLE write_clock (one SMALLINT PRIMARY KEY CHECK (one = 1), last_added_us BIGINT NOT NULL);
      INSERT INTO write_clock (one, last_added_us) VALUES (1, 0);
      CREATE TABLE organizations (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, identity_id TEXT NOT NULL UNIQUE, created TEXT NOT NULL
      );
      CREATE TABLE users (
        id TEXT PRIMARY KEY, organization_id TEXT NOT NULL REFERENCES organizations (id),
        name TEXT NOT NULL, role TEXT NOT NULL, created TEXT NOT NULL
      );
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id), secret_hash TEXT NOT NULL,
        created TEXT NOT NULL, expires TEXT, revoked TEXT
      );
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE records (
        kind TEXT NOT NULL, id TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (kind, id)
      );
    `,
  },
  {
    version: 2,
    name: 'sharing: organization details, disabled users, key labels, granular audiences, trust groups, audit log',
    sql: `
      ALTER TABLE organizations ADD COLUMN country TEXT;
      ALTER TABLE organizations ADD COLUMN sectors TEXT; -- JSON list
      ALTER TABLE users ADD COLUMN disabled TEXT;
      ALTER TABLE api_keys ADD COLUMN label TEXT;
      ALTER TABLE versions ADD COLUMN granular TEXT; -- JSON: policy/ GranularAudience[]
      CREATE INDEX users_organization ON users (organization_id, created);
      CREATE INDEX api_keys_user ON api_keys (user_id, created);
      CREATE TABLE trust_groups (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT,
        owner_organization_id TEXT NOT NULL REFERENCES organizations (id), created TEXT NOT NULL
      );
      CREATE TABLE trust_group_members (
        group_id TEXT NOT NULL REFERENCES trust_groups (id),
        organization_id TEXT NOT NULL REFERENCES organizations (id),
        added TEXT NOT NULL,
        PRIMARY KEY (group_id, organization_id)
      );
      CREATE INDEX trust_group_members_organization ON trust_group_members (organization_id, group_id);
      -- Append-only: the store has no UPDATE or DELETE path, and these refuse any other.
      CREATE TABLE audit_events (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL,
        actor_kind TEXT NOT NULL, actor_user_id TEXT, actor_organization_id TEXT, actor_key_id TEXT,
        via TEXT NOT NULL, object_id TEXT, object_version TEXT, tlp TEXT, object_organization_id TEXT,
        reason TEXT, detail TEXT
      );
      CREATE INDEX audit_events_object_organization ON audit_events (object_organization_id, seq);
      CREATE INDEX audit_events_object ON audit_events (object_id, seq);
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
      CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
    `,
  },
  {
    version: 3,
    name: 'object ids indexed by an integer key (SQLite only)',
    // SQLite's migration 3 (sqlite-id-key.ts); PostgreSQL keeps its (id, version) index.
    // Recorded here too so that a version number means the same step in both dialects.
    sql: 'SELECT 1;',
  },
  {
    version: 4,
    name: 'audit events about a stored version indexed by its seq; tombstones of deleted versions',
    // See SQLite's migration 4.
    sql: `
      ALTER TABLE audit_events ADD COLUMN object_ref BIGINT;
      DROP INDEX audit_events_object;
      CREATE INDEX audit_events_object ON audit_events (object_id, seq) WHERE object_ref IS NULL;
      CREATE INDEX audit_events_object_ref ON audit_events (object_ref, seq) WHERE object_ref IS NOT NULL;
      CREATE TABLE deleted_versions (seq BIGINT PRIMARY KEY, id TEXT NOT NULL);
      CREATE INDEX deleted_versions_id ON deleted_versions (id);
    `,
  },
  {
    version: 5,
    name: 'object ids indexed in two levels: fresh keys, merged in sorted runs (SQLite only)',
    // SQLite's migration 5 (sqlite-version-keys.ts); PostgreSQL keeps its (id, version) index.
    sql: 'SELECT 1;',
  },
  PORTABLE_MIGRATIONS.versionFacts,
  PORTABLE_MIGRATIONS.partialOrganizationIndex,
  PORTABLE_MIGRATIONS.recordExpiry,
];

/**
 * Applies pending migrations in one transaction under an advisory lock per schema: safe to run
 * twice, and from several processes at once (the others wait, then find nothing to do).
 * PostgreSQL DDL is transactional, so a failed migration leaves nothing behind.
 */
export async function migratePostgres(
  client: PoolClient,
  schema: string,
  now: () => Date,
): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [
      PG_LOCK_CLASS.migrate,
      schemaLockKey(schema),
    ]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const applied = await client.query<{ version: number; name: string }>(
      'SELECT version, name FROM schema_migrations',
    );
    checkApplied(applied.rows, POSTGRES_MIGRATIONS);
    const done = new Set(applied.rows.map((r) => r.version));
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
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
