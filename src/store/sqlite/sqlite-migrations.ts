import type { Database } from 'better-sqlite3';

/** Ordered schema migrations; each runs once, recorded in `schema_migrations`. */
export const SQLITE_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'objects, versions, audiences, identity',
    sql: `
      CREATE TABLE audiences (audience_id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
      CREATE TABLE audience_tokens (
        token TEXT NOT NULL, audience_id INTEGER NOT NULL, PRIMARY KEY (token, audience_id)
      ) WITHOUT ROWID;
      CREATE TABLE objects (
        id TEXT PRIMARY KEY, type TEXT NOT NULL, created TEXT, created_by_ref TEXT,
        last_version TEXT NOT NULL, first_version TEXT NOT NULL, last_revoked INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE versions (
        seq INTEGER PRIMARY KEY, id TEXT NOT NULL, version TEXT NOT NULL, added_us INTEGER NOT NULL,
        type TEXT NOT NULL, spec_version TEXT NOT NULL, created_by_ref TEXT, revoked INTEGER NOT NULL,
        is_latest INTEGER NOT NULL, is_first INTEGER NOT NULL, audience_id INTEGER NOT NULL,
        submitted_by TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (id, version)
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

/** Applies pending migrations in one immediate transaction (safe to run twice or concurrently). */
export function migrateSqlite(db: Database, now: () => Date): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = db.prepare('SELECT version FROM schema_migrations');
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  db.transaction(() => {
    const done = new Set((applied.all() as { version: number }[]).map((r) => r.version));
    for (const migration of SQLITE_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now().toISOString());
    }
  }).immediate();
}
