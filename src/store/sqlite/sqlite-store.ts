import Database from 'better-sqlite3';
import { audienceKey } from '../audience-key.js';
import { encodeCursor } from '../cursor.js';
import { VERSION_COLUMNS, whereClause } from '../sql/object-query-sql.js';
import {
  toApiKey,
  toOrganization,
  toStoredVersion,
  toUser,
  type KeyRow,
  type OrgRow,
  type UserRow,
  type VersionRow,
} from '../sql/row-mapping.js';
import type {
  ApiKeyRecord,
  ObjectPage,
  ObjectQuery,
  ObjectWrite,
  Organization,
  Store,
  StoreCapabilities,
  StoredVersion,
  User,
  VersionSelector,
  WriteOutcome,
} from '../store.js';
import { formatMicros, nextAddedMicros, normalizeVersion } from '../version-rules.js';
import { planBatch, type BatchState } from '../plan-batch.js';
import type { StixObject } from '../../stix/types.js';
import type { Viewer } from '../../policy/viewer.js';
import { migrateSqlite } from './sqlite-migrations.js';

export interface SqliteStoreOptions {
  /** Wall clock for `added`; default `() => new Date()`. */
  clock?: () => Date;
  /** Largest page a query returns; default 10,000. */
  maxPageSize?: number;
}

const placeholder = () => '?';
/** Ids per `IN (...)` lookup; well under SQLite's parameter limit. */
const LOOKUP_CHUNK = 500;

/** The embedded backend: one SQLite file in WAL mode (or `:memory:`), better-sqlite3. */
export class SqliteStore implements Store {
  readonly capabilities: StoreCapabilities;
  private readonly clock: () => Date;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly audienceIds = new Map<string, number>();

  private constructor(
    private readonly db: Database.Database,
    options: SqliteStoreOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.capabilities = { maxPageSize: options.maxPageSize ?? 10_000, backend: 'sqlite' };
  }

  /** Opens (creating if needed) a database file; call `migrate()` before use. */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -65536'); // 64 MiB of page cache: bulk ingest touches many index pages.
    db.pragma('temp_store = MEMORY');
    return new SqliteStore(db, options);
  }

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  migrate(): Promise<void> {
    return settle(() => {
      migrateSqlite(this.db, this.clock);
      return;
    });
  }

  close(): Promise<void> {
    return settle(() => {
      this.db.close();
      return;
    });
  }

  putObjects(writes: readonly ObjectWrite[]): Promise<WriteOutcome[]> {
    return settle(() => {
      try {
        return this.db.transaction(() => this.putInTransaction(writes)).immediate();
      } catch (error) {
        this.audienceIds.clear(); // Audience rows created in the rolled-back transaction are gone.
        throw error;
      }
    });
  }

  private putInTransaction(writes: readonly ObjectWrite[]): WriteOutcome[] {
    const plan = planBatch(writes, this.readBatchState(writes));
    const outcomes = plan.outcomes;
    if (plan.inserts.length === 0) return outcomes as WriteOutcome[];
    const last = this.stmt('SELECT added_us FROM versions ORDER BY seq DESC LIMIT 1').get() as
      { added_us: number } | undefined;
    let lastMicros = last?.added_us ?? 0;
    const nowMs = this.clock().getTime();
    for (const [id, summary] of plan.summaries) {
      if (summary.clearLatest)
        this.stmt('UPDATE versions SET is_latest = 0 WHERE id = ? AND is_latest = 1').run(id);
      if (summary.clearFirst)
        this.stmt('UPDATE versions SET is_first = 0 WHERE id = ? AND is_first = 1').run(id);
    }
    const insert = this.stmt(
      `INSERT INTO versions (id, version, added_us, type, spec_version, created_by_ref, revoked, is_latest, is_first, audience_id, submitted_by, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const objectById = new Map<string, StixObject>();
    for (const planned of plan.inserts) {
      const { object } = planned.write;
      objectById.set(object.id, object);
      lastMicros = nextAddedMicros(nowMs, lastMicros);
      outcomes[planned.slot] = { status: 'stored', added: formatMicros(lastMicros) };
      insert.run(
        object.id,
        planned.version,
        lastMicros,
        object.type,
        object.spec_version ?? '2.0',
        object.created_by_ref ?? null,
        object.revoked === true ? 1 : 0,
        planned.isLatest ? 1 : 0,
        planned.isFirst ? 1 : 0,
        this.audienceId(planned.write.audience),
        planned.write.submittedBy,
        JSON.stringify(object),
      );
    }
    const upsert = this.stmt(
      `INSERT INTO objects (id, type, created, created_by_ref, last_version, first_version, last_revoked) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET last_version = excluded.last_version, first_version = excluded.first_version, last_revoked = excluded.last_revoked`,
    );
    for (const [id, summary] of plan.summaries) {
      const object = objectById.get(id)!;
      upsert.run(
        id,
        object.type,
        object.created ?? null,
        object.created_by_ref ?? null,
        summary.lastVersion,
        summary.firstVersion,
        summary.lastRevoked ? 1 : 0,
      );
    }
    return outcomes as WriteOutcome[];
  }

  private readBatchState(writes: readonly ObjectWrite[]): BatchState {
    const state: BatchState = { objects: new Map(), bodies: new Map() };
    const ids = [...new Set(writes.map((w) => w.object.id))];
    for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
      const chunk = ids.slice(i, i + LOOKUP_CHUNK);
      const rows = this.stmt(
        `SELECT id, created, created_by_ref, last_version, first_version, last_revoked FROM objects WHERE id IN (${chunk.map(() => '?').join(',')})`,
      ).all(...chunk) as {
        id: string;
        created: string | null;
        created_by_ref: string | null;
        last_version: string;
        first_version: string;
        last_revoked: number;
      }[];
      for (const row of rows) {
        state.objects.set(row.id, {
          created: row.created,
          createdByRef: row.created_by_ref,
          lastVersion: row.last_version,
          firstVersion: row.first_version,
          lastRevoked: row.last_revoked === 1,
        });
      }
    }
    const bodyRow = this.stmt('SELECT body FROM versions WHERE id = ? AND version = ?');
    for (const { object, version } of writes) {
      if (!state.objects.has(object.id)) continue; // A new object has no stored versions.
      const key = normalizeVersion(version);
      const body = bodyRow.get(object.id, key) as { body: string } | undefined;
      if (body) state.bodies.set(`${object.id}\n${key}`, body.body);
    }
    return state;
  }

  private audienceId(tokens: readonly string[]): number {
    const key = audienceKey(tokens);
    const cached = this.audienceIds.get(key);
    if (cached !== undefined) return cached;
    const found = this.stmt('SELECT audience_id FROM audiences WHERE key = ?').get(key) as
      { audience_id: number } | undefined;
    let id = found?.audience_id;
    if (id === undefined) {
      id = Number(this.stmt('INSERT INTO audiences (key) VALUES (?)').run(key).lastInsertRowid);
      for (const token of key.split(' ').filter(Boolean)) {
        this.stmt('INSERT INTO audience_tokens (token, audience_id) VALUES (?, ?)').run(token, id);
      }
    }
    this.audienceIds.set(key, id);
    return id;
  }

  getObject(
    id: string,
    viewer: Viewer,
    versions: VersionSelector = { kind: 'last' },
  ): Promise<StoredVersion[]> {
    return settle(() => {
      const where = whereClause({ ids: [id], versions: [versions] }, viewer.tokens, placeholder);
      const rows = this.stmt(
        `SELECT ${VERSION_COLUMNS} FROM versions v WHERE ${where.sql} ORDER BY v.version`,
      ).all(...where.params) as VersionRow[];
      return rows.map(toStoredVersion);
    });
  }

  queryObjects(query: ObjectQuery, viewer: Viewer): Promise<ObjectPage> {
    return settle(() => {
      const limit = Math.max(1, Math.min(query.limit, this.capabilities.maxPageSize));
      const where = whereClause(query, viewer.tokens, placeholder);
      const rows = this.stmt(
        `SELECT ${VERSION_COLUMNS} FROM versions v WHERE ${where.sql} ORDER BY v.seq LIMIT ?`,
      ).all(...where.params, limit + 1) as VersionRow[];
      const more = rows.length > limit;
      const page = more ? rows.slice(0, limit) : rows;
      return {
        items: page.map(toStoredVersion),
        ...(more ? { next: encodeCursor(Number(page[page.length - 1]!.seq)) } : {}),
      };
    });
  }

  countObjects(query: Omit<ObjectQuery, 'limit' | 'cursor'>, viewer: Viewer): Promise<number> {
    return settle(() => {
      const where = whereClause(query, viewer.tokens, placeholder);
      const row = this.stmt(`SELECT COUNT(*) AS n FROM versions v WHERE ${where.sql}`).get(
        ...where.params,
      ) as { n: number };
      return row.n;
    });
  }

  createOrganization(org: Organization): Promise<void> {
    return settle(() => {
      this.stmt(
        'INSERT INTO organizations (id, name, identity_id, created) VALUES (?, ?, ?, ?)',
      ).run(org.id, org.name, org.identityId, org.created);
      return;
    });
  }

  getOrganization(id: string): Promise<Organization | undefined> {
    return settle(() => {
      const row = this.stmt(
        'SELECT id, name, identity_id, created FROM organizations WHERE id = ?',
      ).get(id) as OrgRow | undefined;
      return row && toOrganization(row);
    });
  }

  listOrganizations(): Promise<Organization[]> {
    return settle(() => {
      const rows = this.stmt(
        'SELECT id, name, identity_id, created FROM organizations ORDER BY created, id',
      ).all() as OrgRow[];
      return rows.map(toOrganization);
    });
  }

  createUser(user: User): Promise<void> {
    return settle(() => {
      this.stmt(
        'INSERT INTO users (id, organization_id, name, role, created) VALUES (?, ?, ?, ?, ?)',
      ).run(user.id, user.organizationId, user.name, user.role, user.created);
      return;
    });
  }

  getUser(id: string): Promise<User | undefined> {
    return settle(() => {
      const row = this.stmt(
        'SELECT id, organization_id, name, role, created FROM users WHERE id = ?',
      ).get(id) as UserRow | undefined;
      return row && toUser(row);
    });
  }

  createApiKey(key: ApiKeyRecord): Promise<void> {
    return settle(() => {
      this.stmt(
        'INSERT INTO api_keys (id, user_id, secret_hash, created, expires, revoked) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(
        key.id,
        key.userId,
        key.secretHash,
        key.created,
        key.expires ?? null,
        key.revoked ?? null,
      );
      return;
    });
  }

  getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    return settle(() => {
      const row = this.stmt(
        'SELECT id, user_id, secret_hash, created, expires, revoked FROM api_keys WHERE id = ?',
      ).get(id) as KeyRow | undefined;
      return row && toApiKey(row);
    });
  }

  revokeApiKey(id: string, at: string): Promise<void> {
    return settle(() => {
      this.stmt('UPDATE api_keys SET revoked = ? WHERE id = ? AND revoked IS NULL').run(at, id);
      return;
    });
  }

  putRecord(kind: string, id: string, document: unknown): Promise<void> {
    return settle(() => {
      this.stmt(
        'INSERT INTO records (kind, id, document) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET document = excluded.document',
      ).run(kind, id, JSON.stringify(document));
      return;
    });
  }

  getRecord(kind: string, id: string): Promise<unknown> {
    return settle(() => {
      const row = this.stmt('SELECT document FROM records WHERE kind = ? AND id = ?').get(
        kind,
        id,
      ) as { document: string } | undefined;
      return row ? (JSON.parse(row.document) as unknown) : undefined;
    });
  }

  listRecords(kind: string): Promise<{ id: string; document: unknown }[]> {
    return settle(() => {
      const rows = this.stmt('SELECT id, document FROM records WHERE kind = ? ORDER BY id').all(
        kind,
      ) as { id: string; document: string }[];
      return rows.map((r) => ({ id: r.id, document: JSON.parse(r.document) as unknown }));
    });
  }

  deleteRecord(kind: string, id: string): Promise<boolean> {
    return settle(() => {
      return this.stmt('DELETE FROM records WHERE kind = ? AND id = ?').run(kind, id).changes > 0;
    });
  }

  getSetting(key: string): Promise<string | undefined> {
    return settle(() => {
      const row = this.stmt('SELECT value FROM settings WHERE key = ?').get(key) as
        { value: string } | undefined;
      return row?.value;
    });
  }

  setSetting(key: string, value: string): Promise<void> {
    return settle(() => {
      this.stmt(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ).run(key, value);
      return;
    });
  }
}

/** Runs synchronous better-sqlite3 work so that failures reject the promise instead of throwing. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
