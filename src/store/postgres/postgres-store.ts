import pg from 'pg';
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
import { PostgresBatchWriter } from './postgres-batch-writer.js';
import { PostgresSharing } from './postgres-sharing.js';
import { migratePostgres } from './postgres-migrations.js';
import {
  POSTGRES_DIALECT,
  POSTGRES_SQL,
  PG_LOCK_CLASS,
  schemaLockKey,
} from './postgres-queries.js';

export interface PostgresStoreOptions {
  /** Schema holding Shura's tables (created by `migrate()`). Default `shura`. */
  schema?: string;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /** Wall clock for `added`. Default `() => new Date()`. */
  clock?: () => Date;
  /** Largest page a query returns. Default 10,000. */
  maxPageSize?: number;
}

/**
 * The scale backend: PostgreSQL through a node-postgres pool. Several server processes may
 * share one database: writes serialize on an advisory lock per schema, reads do not.
 */
export class PostgresStore implements Store {
  readonly capabilities: StoreCapabilities;
  private readonly clock: () => Date;
  private readonly writer: PostgresBatchWriter;
  private readonly sharing: PostgresSharing;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    options: PostgresStoreOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.capabilities = { maxPageSize: options.maxPageSize ?? 10_000, backend: 'postgres' };
    this.writer = new PostgresBatchWriter(schemaLockKey(schema), this.clock);
    this.sharing = new PostgresSharing(pool, this.capabilities.maxPageSize);
  }

  /**
   * Opens a pool whose sessions use `schema` and checks that the server answers (rejects if
   * not); call `migrate()` before use.
   */
  static async connect(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const schema = options.schema ?? 'shura';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
      options: `-c search_path=${schema}`,
    });
    pool.on('error', () => undefined); // An idle client's error surfaces on its next query.
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return new PostgresStore(pool, schema, options);
  }

  async migrate(): Promise<void> {
    await this.withClient((client) => migratePostgres(client, this.schema, this.clock));
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  async putObjects(writes: readonly ObjectWrite[]): Promise<WriteOutcome[]> {
    if (writes.length === 0) return [];
    return this.withClient((client) => this.writer.write(client, writes));
  }

  async getObject(
    id: string,
    viewer: Viewer,
    versions: VersionSelector = { kind: 'last' },
  ): Promise<StoredVersion[]> {
    const where = whereClause({ ids: [id], versions: [versions] }, viewer, POSTGRES_DIALECT);
    const { rows } = await this.pool.query<unknown[]>({
      text: `SELECT ${VERSION_COLUMNS} FROM versions v WHERE ${where.sql} ORDER BY v.version`,
      values: where.params,
      rowMode: 'array',
    });
    return (rows as unknown as VersionRow[]).map(toStoredVersion);
  }

  async queryObjects(query: ObjectQuery, viewer: Viewer): Promise<ObjectPage> {
    const limit = pageLimit(query.limit, this.capabilities.maxPageSize);
    const where = whereClause(query, viewer, POSTGRES_DIALECT);
    const { rows } = await this.pool.query<unknown[]>({
      text: `SELECT ${VERSION_COLUMNS} FROM versions v WHERE ${where.sql} ORDER BY v.seq LIMIT ${limit + 1}`,
      values: where.params,
      rowMode: 'array',
    });
    return toObjectPage(rows as unknown as VersionRow[], limit);
  }

  async countObjects(
    query: Omit<ObjectQuery, 'limit' | 'cursor'>,
    viewer: Viewer,
  ): Promise<number> {
    const where = whereClause(query, viewer, POSTGRES_DIALECT);
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM versions v WHERE ${where.sql}`,
      where.params,
    );
    return Number(rows[0]!.n);
  }

  /** Other processes may write to the same database unseen: PostgreSQL reads are not cached. */
  changeMark(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }

  async deleteVersions(
    id: string,
    submittedBy: string,
    versions: readonly VersionSelector[],
    viewer: Viewer,
  ): Promise<number> {
    return this.withClient(async (client) => {
      try {
        await client.query('BEGIN');
        // The write lock: flags must not change under a concurrent putObjects.
        await client.query('SELECT pg_advisory_xact_lock($1, $2)', [
          PG_LOCK_CLASS.write,
          schemaLockKey(this.schema),
        ]);
        const where = whereClause({ ids: [id], versions }, viewer, POSTGRES_DIALECT);
        // The deleted versions leave their seq behind, for the audit events about them.
        const result = await client.query(
          `WITH gone AS (DELETE FROM versions WHERE seq IN (SELECT v.seq FROM versions v WHERE ${where.sql} AND v.submitted_by = $${where.params.length + 1}) RETURNING seq, id)
           INSERT INTO deleted_versions (seq, id) SELECT seq, id FROM gone`,
          [...where.params, submittedBy],
        );
        const deleted = result.rowCount ?? 0;
        if (deleted > 0) await client.query(POSTGRES_SQL.refreshFlags, [id]);
        await client.query('COMMIT');
        return deleted;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async createOrganization(org: Organization): Promise<void> {
    await this.pool.query(POSTGRES_SQL.insertOrganization, [
      org.id,
      org.name,
      org.identityId,
      org.created,
      org.country ?? null,
      org.sectors ? JSON.stringify(org.sectors) : null,
    ]);
  }

  async updateOrganization(org: Organization): Promise<void> {
    await this.pool.query(POSTGRES_SQL.updateOrganization, [
      org.name,
      org.country ?? null,
      org.sectors ? JSON.stringify(org.sectors) : null,
      org.id,
    ]);
  }

  async getOrganizationByIdentity(identityId: string): Promise<Organization | undefined> {
    const { rows } = await this.pool.query<OrgRow>(POSTGRES_SQL.organizationByIdentity, [
      identityId,
    ]);
    return rows[0] && toOrganization(rows[0]);
  }

  async getOrganization(id: string): Promise<Organization | undefined> {
    const { rows } = await this.pool.query<OrgRow>(POSTGRES_SQL.organizationById, [id]);
    return rows[0] && toOrganization(rows[0]);
  }

  async listOrganizations(): Promise<Organization[]> {
    const { rows } = await this.pool.query<OrgRow>(POSTGRES_SQL.organizations);
    return rows.map(toOrganization);
  }

  async createUser(user: User): Promise<void> {
    await this.pool.query(POSTGRES_SQL.insertUser, [
      user.id,
      user.organizationId,
      user.name,
      user.role,
      user.created,
      user.disabled ?? null,
    ]);
  }

  async listUsers(filter: { organizationId?: string } = {}): Promise<User[]> {
    const { rows } =
      filter.organizationId === undefined
        ? await this.pool.query<UserRow>(POSTGRES_SQL.users)
        : await this.pool.query<UserRow>(POSTGRES_SQL.usersOf, [filter.organizationId]);
    return rows.map(toUser);
  }

  async updateUser(user: User): Promise<void> {
    await this.pool.query(POSTGRES_SQL.updateUser, [
      user.name,
      user.role,
      user.disabled ?? null,
      user.id,
    ]);
  }

  async getUser(id: string): Promise<User | undefined> {
    const { rows } = await this.pool.query<UserRow>(POSTGRES_SQL.userById, [id]);
    return rows[0] && toUser(rows[0]);
  }

  async createApiKey(key: ApiKeyRecord): Promise<void> {
    await this.pool.query(POSTGRES_SQL.insertApiKey, [
      key.id,
      key.userId,
      key.secretHash,
      key.created,
      key.expires ?? null,
      key.revoked ?? null,
      key.label ?? null,
    ]);
  }

  async listApiKeys(filter: { userId: string }): Promise<ApiKeyRecord[]> {
    const { rows } = await this.pool.query<KeyRow>(POSTGRES_SQL.apiKeysOf, [filter.userId]);
    return rows.map(toApiKey);
  }

  async getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.pool.query<KeyRow>(POSTGRES_SQL.apiKeyById, [id]);
    return rows[0] && toApiKey(rows[0]);
  }

  async revokeApiKey(id: string, at: string): Promise<void> {
    await this.pool.query(POSTGRES_SQL.revokeApiKey, [at, id]);
  }

  createTrustGroup(group: TrustGroup): Promise<void> {
    return this.sharing.createTrustGroup(group);
  }

  getTrustGroup(id: string): Promise<TrustGroup | undefined> {
    return this.sharing.getTrustGroup(id);
  }

  listTrustGroups(filter: { memberOrganizationId?: string } = {}): Promise<TrustGroup[]> {
    return this.sharing.listTrustGroups(filter.memberOrganizationId);
  }

  addGroupMember(groupId: string, organizationId: string, at: string): Promise<boolean> {
    return this.sharing.addMember(groupId, organizationId, at);
  }

  removeGroupMember(groupId: string, organizationId: string): Promise<boolean> {
    return this.sharing.removeMember(groupId, organizationId);
  }

  groupIdsOf(organizationId: string): Promise<string[]> {
    return this.sharing.groupIdsOf(organizationId);
  }

  appendAudit(events: readonly AuditEvent[]): Promise<void> {
    return this.sharing.appendAudit(events);
  }

  queryAudit(query: AuditQuery): Promise<AuditPage> {
    return this.sharing.queryAudit(query);
  }

  async putRecord(
    kind: string,
    id: string,
    document: unknown,
    options: { expires?: string | undefined } = {},
  ): Promise<void> {
    await this.pool.query(POSTGRES_SQL.putRecord, [
      kind,
      id,
      JSON.stringify(document),
      options.expires ?? null,
    ]);
  }

  async deleteExpiredRecords(now: string): Promise<number> {
    const result = await this.pool.query(POSTGRES_SQL.deleteExpiredRecords, [now]);
    return result.rowCount ?? 0;
  }

  async getRecord(
    kind: string,
    id: string,
    options: { at?: string | undefined } = {},
  ): Promise<unknown> {
    const { rows } = await this.pool.query<{ document: string }>(POSTGRES_SQL.record, [
      kind,
      id,
      options.at ?? null,
    ]);
    return rows[0] ? (JSON.parse(rows[0].document) as unknown) : undefined;
  }

  async listRecords(kind: string): Promise<{ id: string; document: unknown }[]> {
    const { rows } = await this.pool.query<{ id: string; document: string }>(POSTGRES_SQL.records, [
      kind,
    ]);
    return rows.map((r) => ({ id: r.id, document: JSON.parse(r.document) as unknown }));
  }

  async deleteRecord(kind: string, id: string): Promise<boolean> {
    const result = await this.pool.query(POSTGRES_SQL.deleteRecord, [kind, id]);
    return (result.rowCount ?? 0) > 0;
  }

  async getSetting(key: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>(POSTGRES_SQL.setting, [key]);
    return rows[0]?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.pool.query(POSTGRES_SQL.putSetting, [key, value]);
  }

  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }
}
