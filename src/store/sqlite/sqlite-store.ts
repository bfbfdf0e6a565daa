import Database from 'better-sqlite3';
import type { Viewer } from '../../policy/viewer.js';
import { VERSION_COLUMNS, pageLimit, whereClause } from '../sql/object-query-sql.js';
import {
  toApiKey,
  toObjectPage,
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
  AuditEvent,
  AuditPage,
  AuditQuery,
  TrustGroup,
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
import { SqliteBatchWriter } from './sqlite-batch-writer.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { registerIdKey } from './sqlite-id-key.js';
import { SqliteSharing } from './sqlite-sharing.js';
import { migrateSqlite } from './sqlite-migrations.js';
import { SQLITE_DIALECT, SQLITE_SQL } from './sqlite-queries.js';

export interface SqliteStoreOptions {
  /** Wall clock for `added`. Default `() => new Date()`. */
  clock?: () => Date;
  /** Largest page a query returns. Default 10,000. */
  maxPageSize?: number;
  /**
   * Checkpoint the write-ahead log on a thread of its own (see `SqliteCheckpointer`).
   * Default: true for a file, never for `:memory:`.
   */
  backgroundCheckpoints?: boolean;
  /** Rows per sweep of the fresh id keys into the main key table (`sqlite-version-keys.ts`). */
  keyMergeRows?: number;
  /**
   * Build the filter of stored id keys on a thread of its own (`sqlite-stored-keys.ts`).
   * Default: true for a file, never for `:memory:`.
   */
  backgroundKeyFilter?: boolean;
  /** The id key filter's smallest size in bits (tests set few, to fill it). */
  keyFilterMinBits?: number;
}

/** Prepared statements kept per connection; STIX reads vary only by which filters are set. */
const STATEMENT_CACHE_LIMIT = 500;

/**
 * The embedded backend: one SQLite file in WAL mode (or `:memory:`) through better-sqlite3.
 * Several connections or processes may share a file: SQLite has one writer at a time.
 */
export class SqliteStore implements Store {
  readonly capabilities: StoreCapabilities;
  private readonly clock: () => Date;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly writer: SqliteBatchWriter;
  private readonly sharing: SqliteSharing;
  /** Version writes and deletes through this store (see `changeMark`). */
  private versionChanges = 0;
  /** Present when the log is checkpointed on a thread of its own. */
  readonly checkpointer: SqliteCheckpointer | undefined;

  private constructor(
    private readonly db: Database.Database,
    options: SqliteStoreOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.capabilities = { maxPageSize: options.maxPageSize ?? 10_000, backend: 'sqlite' };
    const backgroundKeyFilter = (options.backgroundKeyFilter ?? true) && !db.memory;
    this.writer = new SqliteBatchWriter((sql) => this.stmt(sql), this.clock, {
      keyMergeRows: options.keyMergeRows,
      keyFilter: {
        path: backgroundKeyFilter ? db.name : undefined,
        minBits: options.keyFilterMinBits,
      },
    });
    this.sharing = new SqliteSharing(db, (sql) => this.stmt(sql), this.capabilities.maxPageSize);
    const background = options.backgroundCheckpoints ?? true;
    if (background && !db.memory) this.checkpointer = new SqliteCheckpointer(db.name);
  }

  /** Opens (creating if needed) a database file, or `:memory:`; call `migrate()` before use. */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    const db = new Database(path);
    registerIdKey(db);
    // 8 KiB pages (a new file only): a batch writes fewer, fuller WAL frames than with 4 KiB.
    db.pragma('page_size = 8192');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL'); // WAL + NORMAL: durable at checkpoints, never corrupt.
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    db.pragma('cache_size = -65536'); // 64 MiB: bulk ingest touches many index pages.
    // Checkpoint every ~40 MB of WAL instead of every 1,000 pages: a batch of random ids
    // dirties ~1,000 index pages, and each checkpoint costs fsyncs.
    db.pragma('wal_autocheckpoint = 5000');
    return new SqliteStore(db, options);
  }

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  migrate(): Promise<void> {
    return settle(() => migrateSqlite(this.db, this.clock));
  }

  async close(): Promise<void> {
    await Promise.all([this.checkpointer?.close(), this.writer.close()]);
    return settle(() => void this.db.close());
  }

  /** Resolves when the filter of stored id keys is not being built on its thread (tests). */
  keyFilterIdle(): Promise<void> {
    return this.writer.keyFilterIdle();
  }

  putObjects(writes: readonly ObjectWrite[]): Promise<WriteOutcome[]> {
    return settle(() => {
      if (writes.length === 0) return [];
      this.versionChanges++; // before: a write that fails half-way may still have changed rows
      try {
        const outcomes = this.db.transaction(() => this.writer.write(writes)).immediate();
        this.writer.committed();
        this.checkpointer?.written(writes.length);
        return outcomes;
      } catch (error) {
        this.writer.forgetUncommitted();
        throw error;
      }
    });
  }

  getObject(
    id: string,
    viewer: Viewer,
    versions: VersionSelector = { kind: 'last' },
  ): Promise<StoredVersion[]> {
    return settle(() => {
      const where = whereClause({ ids: [id], versions: [versions] }, viewer, SQLITE_DIALECT);
      const rows = this.stmt(
        `SELECT ${VERSION_COLUMNS} FROM versions v WHERE ${where.sql} ORDER BY v.version`,
      )
        .raw()
        .all(...where.params) as VersionRow[];
      return rows.map(toStoredVersion);
    });
  }

  queryObjects(query: ObjectQuery, viewer: Viewer): Promise<ObjectPage> {
    return settle(() => {
      const limit = pageLimit(query.limit, this.capabilities.maxPageSize);
      const where = whereClause(query, viewer, SQLITE_DIALECT);
      const rows = this.stmt(
        `SELECT ${VERSION_COLUMNS} FROM versions v WHERE ${where.sql} ORDER BY v.seq LIMIT ?`,
      )
        .raw()
        .all(...where.params, limit + 1) as VersionRow[];
      return toObjectPage(rows, limit);
    });
  }

  /**
   * This connection's own version writes and SQLite's `data_version`, which changes when any
   * other connection to the file (another process) commits.
   */
  changeMark(): Promise<string | undefined> {
    return settle(
      () => `${this.versionChanges}.${String(this.db.pragma('data_version', { simple: true }))}`,
    );
  }

  countObjects(query: Omit<ObjectQuery, 'limit' | 'cursor'>, viewer: Viewer): Promise<number> {
    return settle(() => {
      const where = whereClause(query, viewer, SQLITE_DIALECT);
      const row = this.stmt(`SELECT COUNT(*) AS n FROM versions v WHERE ${where.sql}`).get(
        ...where.params,
      ) as { n: number };
      return row.n;
    });
  }

  deleteVersions(
    id: string,
    submittedBy: string,
    versions: readonly VersionSelector[],
    viewer: Viewer,
  ): Promise<number> {
    this.versionChanges++;
    return settle(() =>
      this.db
        .transaction(() => {
          const where = whereClause({ ids: [id], versions }, viewer, SQLITE_DIALECT);
          const seqs = this.stmt(
            `SELECT v.seq FROM versions v WHERE ${where.sql} AND v.submitted_by = ?`,
          )
            .pluck()
            .all(...where.params, submittedBy) as number[];
          // The deleted versions leave their seq behind, for the audit events about them.
          const list = JSON.stringify(seqs);
          this.stmt(SQLITE_SQL.tombstones).run(list);
          this.writer.keys.removing(id, list);
          const deleted = this.stmt(SQLITE_SQL.deleteSeqs).run(list).changes;
          if (deleted > 0) this.stmt(SQLITE_SQL.refreshFlags).run({ id });
          return deleted;
        })
        .immediate(),
    );
  }

  createOrganization(org: Organization): Promise<void> {
    return this.run(
      SQLITE_SQL.insertOrganization,
      org.id,
      org.name,
      org.identityId,
      org.created,
      org.country ?? null,
      org.sectors ? JSON.stringify(org.sectors) : null,
    );
  }

  updateOrganization(org: Organization): Promise<void> {
    return this.run(
      SQLITE_SQL.updateOrganization,
      org.name,
      org.country ?? null,
      org.sectors ? JSON.stringify(org.sectors) : null,
      org.id,
    );
  }

  getOrganizationByIdentity(identityId: string): Promise<Organization | undefined> {
    return settle(() => {
      const row = this.stmt(SQLITE_SQL.organizationByIdentity).get(identityId) as
        OrgRow | undefined;
      return row && toOrganization(row);
    });
  }

  getOrganization(id: string): Promise<Organization | undefined> {
    return settle(() => {
      const row = this.stmt(SQLITE_SQL.organizationById).get(id) as OrgRow | undefined;
      return row && toOrganization(row);
    });
  }

  listOrganizations(): Promise<Organization[]> {
    return settle(() =>
      (this.stmt(SQLITE_SQL.organizations).all() as OrgRow[]).map(toOrganization),
    );
  }

  createUser(user: User): Promise<void> {
    return this.run(
      SQLITE_SQL.insertUser,
      user.id,
      user.organizationId,
      user.name,
      user.role,
      user.created,
      user.disabled ?? null,
    );
  }

  listUsers(filter: { organizationId?: string } = {}): Promise<User[]> {
    return settle(() => {
      const rows = (
        filter.organizationId === undefined
          ? this.stmt(SQLITE_SQL.users).all()
          : this.stmt(SQLITE_SQL.usersOf).all(filter.organizationId)
      ) as UserRow[];
      return rows.map(toUser);
    });
  }

  updateUser(user: User): Promise<void> {
    return this.run(SQLITE_SQL.updateUser, user.name, user.role, user.disabled ?? null, user.id);
  }

  getUser(id: string): Promise<User | undefined> {
    return settle(() => {
      const row = this.stmt(SQLITE_SQL.userById).get(id) as UserRow | undefined;
      return row && toUser(row);
    });
  }

  createApiKey(key: ApiKeyRecord): Promise<void> {
    return this.run(
      SQLITE_SQL.insertApiKey,
      key.id,
      key.userId,
      key.secretHash,
      key.created,
      key.expires ?? null,
      key.revoked ?? null,
      key.label ?? null,
    );
  }

  listApiKeys(filter: { userId: string }): Promise<ApiKeyRecord[]> {
    return settle(() =>
      (this.stmt(SQLITE_SQL.apiKeysOf).all(filter.userId) as KeyRow[]).map(toApiKey),
    );
  }

  getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    return settle(() => {
      const row = this.stmt(SQLITE_SQL.apiKeyById).get(id) as KeyRow | undefined;
      return row && toApiKey(row);
    });
  }

  revokeApiKey(id: string, at: string): Promise<void> {
    return this.run(SQLITE_SQL.revokeApiKey, at, id);
  }

  createTrustGroup(group: TrustGroup): Promise<void> {
    return settle(() => this.sharing.createTrustGroup(group));
  }

  getTrustGroup(id: string): Promise<TrustGroup | undefined> {
    return settle(() => this.sharing.getTrustGroup(id));
  }

  listTrustGroups(filter: { memberOrganizationId?: string } = {}): Promise<TrustGroup[]> {
    return settle(() => this.sharing.listTrustGroups(filter.memberOrganizationId));
  }

  addGroupMember(groupId: string, organizationId: string, at: string): Promise<boolean> {
    return settle(() => this.sharing.addMember(groupId, organizationId, at));
  }

  removeGroupMember(groupId: string, organizationId: string): Promise<boolean> {
    return settle(() => this.sharing.removeMember(groupId, organizationId));
  }

  groupIdsOf(organizationId: string): Promise<string[]> {
    return settle(() => this.sharing.groupIdsOf(organizationId));
  }

  appendAudit(events: readonly AuditEvent[]): Promise<void> {
    return settle(() => {
      this.sharing.appendAudit(events);
      // Read audits are most of what a busy read path writes: their pages need copying too.
      this.checkpointer?.written(events.length);
    });
  }

  queryAudit(query: AuditQuery): Promise<AuditPage> {
    return settle(() => this.sharing.queryAudit(query));
  }

  putRecord(
    kind: string,
    id: string,
    document: unknown,
    options: { expires?: string | undefined } = {},
  ): Promise<void> {
    return this.run(
      SQLITE_SQL.putRecord,
      kind,
      id,
      JSON.stringify(document),
      options.expires ?? null,
    );
  }

  deleteExpiredRecords(now: string): Promise<number> {
    return settle(() => this.stmt(SQLITE_SQL.deleteExpiredRecords).run(now).changes);
  }

  getRecord(kind: string, id: string, options: { at?: string | undefined } = {}): Promise<unknown> {
    return settle(() => {
      const at = options.at ?? null;
      const row = this.stmt(SQLITE_SQL.record).get(kind, id, at, at) as
        { document: string } | undefined;
      return row ? (JSON.parse(row.document) as unknown) : undefined;
    });
  }

  listRecords(kind: string): Promise<{ id: string; document: unknown }[]> {
    return settle(() => {
      const rows = this.stmt(SQLITE_SQL.records).all(kind) as { id: string; document: string }[];
      return rows.map((r) => ({ id: r.id, document: JSON.parse(r.document) as unknown }));
    });
  }

  deleteRecord(kind: string, id: string): Promise<boolean> {
    return settle(() => this.stmt(SQLITE_SQL.deleteRecord).run(kind, id).changes > 0);
  }

  getSetting(key: string): Promise<string | undefined> {
    return settle(() => {
      const row = this.stmt(SQLITE_SQL.setting).get(key) as { value: string } | undefined;
      return row?.value;
    });
  }

  setSetting(key: string, value: string): Promise<void> {
    return this.run(SQLITE_SQL.putSetting, key, value);
  }

  /** One statement that writes (the background checkpoint counts its commit). */
  private run(sql: string, ...params: unknown[]): Promise<void> {
    return settle(() => {
      this.stmt(sql).run(...params);
      this.checkpointer?.written(1);
    });
  }
}

/** Runs synchronous better-sqlite3 work so that a failure rejects the promise instead of throwing. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
