import type { Database } from 'better-sqlite3';
import { checkApplied, PORTABLE_MIGRATIONS, type Migration } from '../sql/migration.js';
import { VERSION_KEYS_MIGRATION_SQL } from './sqlite-version-keys.js';

/**
 * Ordered schema migrations; each runs once, recorded in `schema_migrations`. The logical
 * schema is the same as PostgreSQL's (`postgres-migrations.ts`); README.md describes it.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'versions with audience sets; identity; settings; records',
    sql: `
      CREATE TABLE audiences (audience_id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
      CREATE TABLE audience_tokens (
        token TEXT NOT NULL,
        audience_id INTEGER NOT NULL REFERENCES audiences (audience_id),
        PRIMARY KEY (token, audience_id)
      ) WITHOUT ROWID;
      -- AUTOINCREMENT: a seq is never reused, even after the newest version is deleted.
      CREATE TABLE versions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL,
        version TEXT NOT NULL,
        added_us INTEGER NOT NULL,
        type TEXT NOT NULL,
        spec_version TEXT NOT NULL,
        created TEXT,
        created_by_ref TEXT,
        revoked INTEGER NOT NULL,
        is_latest INTEGER NOT NULL,
        is_first INTEGER NOT NULL,
        audience_id INTEGER NOT NULL REFERENCES audiences (audience_id),
        submitted_by TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE UNIQUE INDEX versions_id_version ON versions (id, version);
      CREATE INDEX versions_type_seq ON versions (type, seq);
      CREATE INDEX versions_created_by_seq ON versions (created_by_ref, seq);
      CREATE INDEX versions_added ON versions (added_us);
      CREATE TABLE write_clock (one INTEGER PRIMARY KEY CHECK (one = 1), last_added_us INTEGER NOT NULL);
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
        seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, action TEXT NOT NULL,
        actor_kind TEXT NOT NULL, actor_user_id TEXT, actor_organization_id TEXT, actor_key_id TEXT,
        via TEXT NOT NULL, object_id TEXT, object_version TEXT, tlp TEXT, object_organization_id TEXT,
        reason TEXT, detail TEXT
      );
      CREATE INDEX audit_events_object_organization ON audit_events (object_organization_id, seq);
      CREATE INDEX audit_events_object ON audit_events (object_id, seq);
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    version: 3,
    name: 'object ids indexed by an integer key (shura_id_key) instead of their text',
    // See sqlite-id-key.ts. (id, version) stays unique through the write path: the batch
    // writer reads the stored versions of every id inside the write transaction.
    sql: `
      ALTER TABLE versions ADD COLUMN id_key INTEGER;
      UPDATE versions SET id_key = shura_id_key(id);
      CREATE INDEX versions_id_key ON versions (id_key);
      DROP INDEX versions_id_version;
      ALTER TABLE audit_events ADD COLUMN object_key INTEGER;
      DROP TRIGGER audit_events_no_update; -- the one rewrite of the log: a new column filled
      UPDATE audit_events SET object_key = shura_id_key(object_id) WHERE object_id IS NOT NULL;
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE INDEX audit_events_object_key ON audit_events (object_key, seq);
      DROP INDEX audit_events_object;
    `,
  },
  {
    version: 4,
    name: 'audit events about a stored version indexed by its seq; tombstones of deleted versions',
    // A page of reads audits versions whose seqs are consecutive: their index entries share a
    // few leaves, where random object keys took one leaf each (docs/BENCHMARKS.md). Rows
    // written before keep their object_key; deleted versions keep their seq in
    // deleted_versions, so the events about them are still found by object id.
    sql: `
      ALTER TABLE audit_events ADD COLUMN object_ref INTEGER;
      DROP INDEX audit_events_object_key;
      CREATE INDEX audit_events_object_key ON audit_events (object_key, seq) WHERE object_ref IS NULL;
      CREATE INDEX audit_events_object_ref ON audit_events (object_ref, seq) WHERE object_ref IS NOT NULL;
      CREATE TABLE deleted_versions (seq INTEGER PRIMARY KEY, id_key INTEGER NOT NULL, id TEXT NOT NULL);
      CREATE INDEX deleted_versions_id_key ON deleted_versions (id_key);
    `,
  },
  {
    version: 5,
    name: 'object ids indexed in two levels: fresh keys, merged in sorted runs (SQLite only)',
    // See sqlite-version-keys.ts: the versions_id_key index becomes two tables.
    sql: VERSION_KEYS_MIGRATION_SQL,
  },
  PORTABLE_MIGRATIONS.versionFacts,
  PORTABLE_MIGRATIONS.partialOrganizationIndex,
  PORTABLE_MIGRATIONS.recordExpiry,
];

/**
 * Applies pending migrations in one immediate (write-locked) transaction: safe to run twice, and
 * from several connections or processes at once (the others wait, then find nothing to do).
 */
export function migrateSqlite(db: Database, now: () => Date): void {
  db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const applied = db.prepare('SELECT version, name FROM schema_migrations').all() as {
      version: number;
      name: string;
    }[];
    checkApplied(applied, SQLITE_MIGRATIONS);
    const done = new Set(applied.map((r) => r.version));
    const record = db.prepare(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    );
    for (const migration of SQLITE_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now().toISOString());
    }
  }).immediate();
}
