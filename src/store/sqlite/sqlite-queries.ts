import type { SqlDialect } from '../sql/object-query-sql.js';
import { ID_KEY_FUNCTION } from './sqlite-id-key.js';
import { SEQS_OF_ID, SEQS_OF_KEYS, seqsWhereKey } from './sqlite-version-keys.js';

/** SQLite spelling of parameters: `?`, and lists as one JSON array read with `json_each`. */
export const SQLITE_DIALECT: SqlDialect = {
  placeholder: () => '?',
  inList: (column, param) => `${column} IN (SELECT value FROM json_each(${param}))`,
  listValue: (values) => JSON.stringify(values),
  inSubquery: (column, subquery) => `${column} IN (${subquery})`,
  idMatch: (column, ids, bind) => {
    const single = ids.length === 1;
    const list = single ? '' : JSON.stringify(ids);
    const keyIs = () =>
      single
        ? `= ${ID_KEY_FUNCTION}(${bind(ids[0])})`
        : `IN (SELECT ${ID_KEY_FUNCTION}(value) FROM json_each(${bind(list)}))`;
    const idIs = () =>
      single
        ? `${column} = ${bind(ids[0])}`
        : `${column} IN (SELECT value FROM json_each(${bind(list)}))`;
    // Versions are found through their id keys (sqlite-version-keys.ts), other tables by an
    // indexed key column; the id itself is compared too (keys may collide).
    if (column === 'v.id') return `v.seq IN (${seqsWhereKey(keyIs)}) AND ${idIs()}`;
    const key = ID_KEY_COLUMNS[column];
    if (!key) throw new Error(`No id key column for ${column}`);
    return `${key} ${keyIs()} AND ${idIs()}`;
  },
};

/** The integer key column (`sqlite-id-key.ts`) of each object-id column but `versions.id`. */
const ID_KEY_COLUMNS: Readonly<Record<string, string>> = {
  'd.id': 'd.id_key',
  object_id: 'object_key',
};

/** Every fixed statement of the SQLite backend, prepared once per connection. */
export const SQLITE_SQL = {
  // The batch path (sqlite-batch-writer.ts). Named parameters where one is used twice.
  summaries: `SELECT id, version, created, created_by_ref, revoked, is_latest, is_first FROM versions
    WHERE seq IN (${SEQS_OF_KEYS}) AND id IN (SELECT value FROM json_each(@ids))
      AND (is_latest = 1 OR is_first = 1)`,
  bodyAt: `SELECT body FROM versions WHERE seq IN (${SEQS_OF_ID}) AND id = @id AND version = @version`,
  lastAdded: 'SELECT last_added_us FROM write_clock WHERE one = 1',
  setLastAdded: 'UPDATE write_clock SET last_added_us = ? WHERE one = 1',
  clearLatest: `UPDATE versions SET is_latest = 0 WHERE seq IN (${SEQS_OF_ID}) AND id = @id AND is_latest = 1`,
  clearFirst: `UPDATE versions SET is_first = 0 WHERE seq IN (${SEQS_OF_ID}) AND id = @id AND is_first = 1`,
  /**
   * Inserts `rows` versions (17 parameters each: `id_key` first, see sqlite-id-key.ts); one
   * call per many rows saves per-call overhead.
   */
  insertVersions: (rows: number) =>
    `INSERT INTO versions (id_key, id, version, added_us, type, spec_version, created, created_by_ref,
      revoked, is_latest, is_first, audience_id, submitted_by, body, granular, modified, tlp)
    VALUES ${Array.from({ length: rows }, () => `(${Array(17).fill('?').join(', ')})`).join(', ')}`,
  audienceByKey: 'SELECT audience_id FROM audiences WHERE key = ?',
  insertAudience: 'INSERT INTO audiences (key) VALUES (?)',
  insertAudienceTokens:
    'INSERT INTO audience_tokens (token, audience_id) SELECT value, ? FROM json_each(?)',
  /** Versions about to be deleted (a JSON array of seqs) leave their seq and id behind. */
  tombstones: `INSERT INTO deleted_versions (seq, id_key, id)
    SELECT seq, id_key, id FROM versions WHERE seq IN (SELECT value FROM json_each(?))`,
  deleteSeqs: 'DELETE FROM versions WHERE seq IN (SELECT value FROM json_each(?))',
  /** After versions of one object were deleted: recompute its flags (parameter: `{ id }`). */
  refreshFlags: `UPDATE versions SET
      is_latest = CASE WHEN version = (SELECT MAX(version) FROM versions
        WHERE seq IN (${SEQS_OF_ID}) AND id = @id) THEN 1 ELSE 0 END,
      is_first = CASE WHEN version = (SELECT MIN(version) FROM versions
        WHERE seq IN (${SEQS_OF_ID}) AND id = @id) THEN 1 ELSE 0 END
    WHERE seq IN (${SEQS_OF_ID}) AND id = @id`,

  // Identity, settings, records.
  insertOrganization:
    'INSERT INTO organizations (id, name, identity_id, created, country, sectors) VALUES (?, ?, ?, ?, ?, ?)',
  organizationById:
    'SELECT id, name, identity_id, created, country, sectors FROM organizations WHERE id = ?',
  organizationByIdentity:
    'SELECT id, name, identity_id, created, country, sectors FROM organizations WHERE identity_id = ?',
  organizations:
    'SELECT id, name, identity_id, created, country, sectors FROM organizations ORDER BY created, id',
  updateOrganization: 'UPDATE organizations SET name = ?, country = ?, sectors = ? WHERE id = ?',
  insertUser:
    'INSERT INTO users (id, organization_id, name, role, created, disabled) VALUES (?, ?, ?, ?, ?, ?)',
  userById: 'SELECT id, organization_id, name, role, created, disabled FROM users WHERE id = ?',
  users:
    'SELECT id, organization_id, name, role, created, disabled FROM users ORDER BY created, id',
  usersOf:
    'SELECT id, organization_id, name, role, created, disabled FROM users WHERE organization_id = ? ORDER BY created, id',
  updateUser: 'UPDATE users SET name = ?, role = ?, disabled = ? WHERE id = ?',
  insertApiKey:
    'INSERT INTO api_keys (id, user_id, secret_hash, created, expires, revoked, label) VALUES (?, ?, ?, ?, ?, ?, ?)',
  apiKeyById:
    'SELECT id, user_id, secret_hash, created, expires, revoked, label FROM api_keys WHERE id = ?',
  apiKeysOf:
    'SELECT id, user_id, secret_hash, created, expires, revoked, label FROM api_keys WHERE user_id = ? ORDER BY created, id',
  revokeApiKey: 'UPDATE api_keys SET revoked = ? WHERE id = ? AND revoked IS NULL',
  putRecord: `INSERT INTO records (kind, id, document, expires) VALUES (?, ?, ?, ?)
    ON CONFLICT (kind, id) DO UPDATE SET document = excluded.document, expires = excluded.expires`,
  deleteExpiredRecords: 'DELETE FROM records WHERE expires IS NOT NULL AND expires <= ?',
  // The third and fourth parameters: now (twice), or null for any expiry.
  record:
    'SELECT document FROM records WHERE kind = ? AND id = ? AND (expires IS NULL OR ? IS NULL OR expires > ?)',
  records: 'SELECT id, document FROM records WHERE kind = ? ORDER BY id',
  deleteRecord: 'DELETE FROM records WHERE kind = ? AND id = ?',
  setting: 'SELECT value FROM settings WHERE key = ?',
  putSetting: `INSERT INTO settings (key, value) VALUES (?, ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
} as const;
