import type { SqlDialect } from '../sql/object-query-sql.js';

/** PostgreSQL spelling of parameters: `$n`, and lists as one `text[]` parameter. */
export const POSTGRES_DIALECT: SqlDialect = {
  placeholder: (n) => `$${n}`,
  inList: (column, param) => `${column} = ANY(${param}::text[])`,
  listValue: (values) => values,
  // An uncorrelated ARRAY(...) is an InitPlan: computed once, then a plain filter. With
  // `IN (subquery)` the planner hash-joins and re-sorts, which after a bulk load (stale
  // statistics) scanned every remaining row for each page.
  inSubquery: (column, subquery) => `${column} = ANY(ARRAY(${subquery}))`,
};

/** First key of Shura's advisory locks (the second is {@link schemaLockKey}). */
export const PG_LOCK_CLASS = { migrate: 72_610, write: 72_611 } as const;

/**
 * The second advisory-lock key: a 32-bit FNV-1a hash of the schema name, so nodes or test runs
 * in different schemas of one server do not wait for each other.
 */
export function schemaLockKey(schema: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < schema.length; i++) {
    hash ^= schema.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** The columns of a bulk version insert, in `unnest` order with their array types. */
export const VERSION_INSERT_COLUMNS = [
  ['id', 'text'],
  ['version', 'text'],
  ['added_us', 'bigint'],
  ['type', 'text'],
  ['spec_version', 'text'],
  ['created', 'text'],
  ['created_by_ref', 'text'],
  ['revoked', 'smallint'],
  ['is_latest', 'smallint'],
  ['is_first', 'smallint'],
  ['audience_id', 'bigint'],
  ['submitted_by', 'text'],
  ['body', 'text'],
  ['granular', 'text'],
  ['modified', 'text'],
  ['tlp', 'text'],
] as const;

const names = VERSION_INSERT_COLUMNS.map(([name]) => name).join(', ');
const arrays = VERSION_INSERT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');

/** Every fixed statement of the PostgreSQL backend. */
export const POSTGRES_SQL = {
  /** Starts a write transaction: lock (see PostgresStore.putObjects), then read the clock. */
  beginWrite: (lockKey: number) =>
    `BEGIN; SELECT pg_advisory_xact_lock(${PG_LOCK_CLASS.write}, ${lockKey}); SELECT last_added_us FROM write_clock WHERE one = 1`,
  summaries: `SELECT id, version, created, created_by_ref, revoked, is_latest, is_first FROM versions
    WHERE id = ANY($1::text[]) AND (is_latest = 1 OR is_first = 1)`,
  bodiesAt: `SELECT v.id, v.version, v.body FROM versions v
    JOIN unnest($1::text[], $2::text[]) AS p (id, version) ON v.id = p.id AND v.version = p.version`,
  clearLatest: 'UPDATE versions SET is_latest = 0 WHERE id = ANY($1::text[]) AND is_latest = 1',
  clearFirst: 'UPDATE versions SET is_first = 0 WHERE id = ANY($1::text[]) AND is_first = 1',
  /** Existing or new audience rows for keys, with their ids (the write lock is held). */
  upsertAudiences: `INSERT INTO audiences (key) SELECT unnest($1::text[])
    ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key RETURNING audience_id, key`,
  insertAudienceTokens: `INSERT INTO audience_tokens (token, audience_id)
    SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING`,
  /**
   * One statement per batch: every row through `unnest` (one round trip), in batch order so
   * `seq` follows `added`, and the clock's high-water mark in the same statement. Returns
   * each row's `seq` with its `added_us` (unique per row: how the writer matches them).
   */
  insertVersions: `WITH inserted AS (
      INSERT INTO versions (${names})
      SELECT ${names} FROM unnest(${arrays}) WITH ORDINALITY AS t (${names}, ord) ORDER BY ord
      RETURNING seq, added_us
    ), clock AS (
      UPDATE write_clock SET last_added_us = $${VERSION_INSERT_COLUMNS.length + 1} WHERE one = 1
    )
    SELECT seq, added_us FROM inserted`,
  refreshFlags: `UPDATE versions SET
      is_latest = CASE WHEN version = (SELECT MAX(version) FROM versions WHERE id = $1) THEN 1 ELSE 0 END,
      is_first = CASE WHEN version = (SELECT MIN(version) FROM versions WHERE id = $1) THEN 1 ELSE 0 END
    WHERE id = $1`,

  // Identity, settings, records.
  insertOrganization:
    'INSERT INTO organizations (id, name, identity_id, created, country, sectors) VALUES ($1, $2, $3, $4, $5, $6)',
  organizationById:
    'SELECT id, name, identity_id, created, country, sectors FROM organizations WHERE id = $1',
  organizationByIdentity:
    'SELECT id, name, identity_id, created, country, sectors FROM organizations WHERE identity_id = $1',
  organizations:
    'SELECT id, name, identity_id, created, country, sectors FROM organizations ORDER BY created, id',
  updateOrganization:
    'UPDATE organizations SET name = $1, country = $2, sectors = $3 WHERE id = $4',
  insertUser:
    'INSERT INTO users (id, organization_id, name, role, created, disabled) VALUES ($1, $2, $3, $4, $5, $6)',
  userById: 'SELECT id, organization_id, name, role, created, disabled FROM users WHERE id = $1',
  users:
    'SELECT id, organization_id, name, role, created, disabled FROM users ORDER BY created, id',
  usersOf:
    'SELECT id, organization_id, name, role, created, disabled FROM users WHERE organization_id = $1 ORDER BY created, id',
  updateUser: 'UPDATE users SET name = $1, role = $2, disabled = $3 WHERE id = $4',
  insertApiKey:
    'INSERT INTO api_keys (id, user_id, secret_hash, created, expires, revoked, label) VALUES ($1, $2, $3, $4, $5, $6, $7)',
  apiKeyById:
    'SELECT id, user_id, secret_hash, created, expires, revoked, label FROM api_keys WHERE id = $1',
  apiKeysOf:
    'SELECT id, user_id, secret_hash, created, expires, revoked, label FROM api_keys WHERE user_id = $1 ORDER BY created, id',
  revokeApiKey: 'UPDATE api_keys SET revoked = $1 WHERE id = $2 AND revoked IS NULL',
  putRecord: `INSERT INTO records (kind, id, document, expires) VALUES ($1, $2, $3, $4)
    ON CONFLICT (kind, id) DO UPDATE SET document = EXCLUDED.document, expires = EXCLUDED.expires`,
  deleteExpiredRecords: 'DELETE FROM records WHERE expires IS NOT NULL AND expires <= $1',
  // $3: now, or null for any expiry.
  record:
    'SELECT document FROM records WHERE kind = $1 AND id = $2 AND (expires IS NULL OR $3::text IS NULL OR expires > $3)',
  records: 'SELECT id, document FROM records WHERE kind = $1 ORDER BY id',
  deleteRecord: 'DELETE FROM records WHERE kind = $1 AND id = $2',
  setting: 'SELECT value FROM settings WHERE key = $1',
  putSetting: `INSERT INTO settings (key, value) VALUES ($1, $2)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
} as const;
