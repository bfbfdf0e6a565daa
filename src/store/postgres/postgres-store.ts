import pg from 'pg';
import type { Viewer } from '../../policy/viewer.js';
import { audienceKey } from '../audience-key.js';
import { encodeCursor } from '../cursor.js';
import { planBatch, type BatchState } from '../plan-batch.js';
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
import { migratePostgres } from './postgres-migrations.js';

export interface PostgresStoreOptions {
  /** Schema holding Shura's tables; default `shura`. */
  schema?: string;
  /** Pool size; default 10. */
  poolSize?: number;
  clock?: () => Date;
  /** Largest page a query returns; default 10,000. */
  maxPageSize?: number;
}

/** Advisory lock key serializing STIX writes (see putObjects). */
const WRITE_LOCK = 7_261_001;
const placeholder = (n: number) => `$${n}`;

/** The scale backend: PostgreSQL through a node-postgres pool. */
export class PostgresStore implements Store {
  readonly capabilities: StoreCapabilities;
  private readonly clock: () => Date;
  private readonly audienceIds = new Map<string, number>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    options: PostgresStoreOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.capabilities = { maxPageSize: options.maxPageSize ?? 10_000, backend: 'postgres' };
  }

  /** Connects a pool whose sessions use the given schema; call `migrate()` before use. */
  static connect(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const schema = options.schema ?? 'shura';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      options: `-c search_path=${schema}`,
    });
    pool.on('error', () => undefined); // An idle client's error surfaces on its next query.
    return Promise.resolve(new PostgresStore(pool, schema, options));
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await migratePostgres(client, this.schema, this.clock);
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /**
   * Writes a batch in one transaction. Writers take one advisory lock for the transaction, so
   * sequence numbers are handed out in commit order: a reader paging by `seq` can never pass
   * a row that commits later with a smaller number.
   */
  async putObjects(writes: readonly ObjectWrite[]): Promise<WriteOutcome[]> {
    if (writes.length === 0) return [];
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      const outcomes = await this.putInTransaction(client, writes);
      await client.query('COMMIT');
      return outcomes;
    } catch (error) {
      this.audienceIds.clear(); // Audience rows created in the rolled-back transaction are gone.
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async putInTransaction(
    client: pg.PoolClient,
    writes: readonly ObjectWrite[],
  ): Promise<WriteOutcome[]> {
    const plan = planBatch(writes, await this.readBatchState(client, writes));
    const outcomes = plan.outcomes;
    if (plan.inserts.length === 0) return outcomes as WriteOutcome[];
    const last = await client.query<{ added_us: string }>(
      'SELECT added_us FROM versions ORDER BY seq DESC LIMIT 1',
    );
    let lastMicros = Number(last.rows[0]?.added_us ?? 0);
    const nowMs = this.clock().getTime();
    const clearLatest = [...plan.summaries].filter(([, s]) => s.clearLatest).map(([id]) => id);
    const clearFirst = [...plan.summaries].filter(([, s]) => s.clearFirst).map(([id]) => id);
    if (clearLatest.length)
      await client.query('UPDATE versions SET is_latest = 0 WHERE id = ANY($1) AND is_latest = 1', [
        clearLatest,
      ]);
    if (clearFirst.length)
      await client.query('UPDATE versions SET is_first = 0 WHERE id = ANY($1) AND is_first = 1', [
        clearFirst,
      ]);
    const columns: unknown[][] = Array.from({ length: 12 }, () => []);
    for (const insert of plan.inserts) {
      const { object } = insert.write;
      lastMicros = nextAddedMicros(nowMs, lastMicros);
      outcomes[insert.slot] = { status: 'stored', added: formatMicros(lastMicros) };
      const row = [
        object.id,
        insert.version,
        lastMicros,
        object.type,
        object.spec_version ?? '2.0',
        object.created_by_ref ?? null,
        object.revoked === true ? 1 : 0,
        insert.isLatest ? 1 : 0,
        insert.isFirst ? 1 : 0,
        await this.audienceId(client, insert.write.audience),
        insert.write.submittedBy,
        JSON.stringify(object),
      ];
      row.forEach((value, i) => columns[i]!.push(value));
    }
    await client.query(
      `INSERT INTO versions (id, version, added_us, type, spec_version, created_by_ref, revoked, is_latest, is_first, audience_id, submitted_by, body)
       SELECT id, version, added_us, type, spec_version, created_by_ref, revoked, is_latest, is_first, audience_id, submitted_by, body
       FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::smallint[], $8::smallint[], $9::smallint[], $10::bigint[], $11::text[], $12::text[])
         WITH ORDINALITY AS t(id, version, added_us, type, spec_version, created_by_ref, revoked, is_latest, is_first, audience_id, submitted_by, body, ord)
       ORDER BY ord`,
      columns,
    );
    const summaryColumns: unknown[][] = [[], [], [], [], [], [], []];
    const objectById = new Map(plan.inserts.map((i) => [i.write.object.id, i.write.object]));
    for (const [id, s] of plan.summaries) {
      const object = objectById.get(id)!;
      [
        id,
        object.type,
        object.created ?? null,
        object.created_by_ref ?? null,
        s.lastVersion,
        s.firstVersion,
        s.lastRevoked ? 1 : 0,
      ].forEach((v, i) => summaryColumns[i]!.push(v));
    }
    await client.query(
      `INSERT INTO objects (id, type, created, created_by_ref, last_version, first_version, last_revoked)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::smallint[])
       ON CONFLICT (id) DO UPDATE SET last_version = EXCLUDED.last_version, first_version = EXCLUDED.first_version, last_revoked = EXCLUDED.last_revoked`,
      summaryColumns,
    );
    return outcomes as WriteOutcome[];
  }

  private async readBatchState(
    client: pg.PoolClient,
    writes: readonly ObjectWrite[],
  ): Promise<BatchState> {
    const ids = [...new Set(writes.map((w) => w.object.id))];
    const objects = await client.query<{
      id: string;
      created: string | null;
      created_by_ref: string | null;
      last_version: string;
      first_version: string;
      last_revoked: number;
    }>(
      'SELECT id, created, created_by_ref, last_version, first_version, last_revoked FROM objects WHERE id = ANY($1)',
      [ids],
    );
    const state: BatchState = { objects: new Map(), bodies: new Map() };
    for (const row of objects.rows) {
      state.objects.set(row.id, {
        created: row.created,
        createdByRef: row.created_by_ref,
        lastVersion: row.last_version,
        firstVersion: row.first_version,
        lastRevoked: row.last_revoked === 1,
      });
    }
    if (objects.rows.length > 0) {
      const known = new Set(objects.rows.map((r) => r.id));
      const pairs = writes.filter((w) => known.has(w.object.id));
      const bodies = await client.query<{ id: string; version: string; body: string }>(
        'SELECT v.id, v.version, v.body FROM versions v JOIN unnest($1::text[], $2::text[]) AS p(id, version) ON v.id = p.id AND v.version = p.version',
        [pairs.map((w) => w.object.id), pairs.map((w) => normalizeVersion(w.version))],
      );
      for (const row of bodies.rows) state.bodies.set(`${row.id}\n${row.version}`, row.body);
    }
    return state;
  }

  private async audienceId(client: pg.PoolClient, tokens: readonly string[]): Promise<number> {
    const key = audienceKey(tokens);
    const cached = this.audienceIds.get(key);
    if (cached !== undefined) return cached;
    const inserted = await client.query<{ audience_id: string }>(
      'INSERT INTO audiences (key) VALUES ($1) ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key RETURNING audience_id',
      [key],
    );
    const id = Number(inserted.rows[0]!.audience_id);
    const list = key.split(' ').filter(Boolean);
    await client.query(
      'INSERT INTO audience_tokens (token, audience_id) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING',
      [list, id],
    );
    this.audienceIds.set(key, id);
    return id;
  }

  async getObject(
    id: string,
    viewer: Viewer,
    versions: VersionSelector = { kind: 'last' },
  ): Promise<StoredVersion[]> {
    const where = whereClause({ ids: [id], versions: [versions] }, viewer.tokens, placeholder);
    const { rows } = await this.pool.query<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM versions v WHERE ${where.sql} ORDER BY v.version`,
      where.params,
    );
    return rows.map(toStoredVersion);
  }

  async queryObjects(query: ObjectQuery, viewer: Viewer): Promise<ObjectPage> {
    const limit = Math.max(1, Math.min(query.limit, this.capabilities.maxPageSize));
    const where = whereClause(query, viewer.tokens, placeholder);
    const { rows } = await this.pool.query<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM versions v WHERE ${where.sql} ORDER BY v.seq LIMIT ${placeholder(where.params.length + 1)}`,
      [...where.params, limit + 1],
    );
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    return {
      items: page.map(toStoredVersion),
      ...(more ? { next: encodeCursor(Number(page[page.length - 1]!.seq)) } : {}),
    };
  }

  async countObjects(
    query: Omit<ObjectQuery, 'limit' | 'cursor'>,
    viewer: Viewer,
  ): Promise<number> {
    const where = whereClause(query, viewer.tokens, placeholder);
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM versions v WHERE ${where.sql}`,
      where.params,
    );
    return Number(rows[0]!.n);
  }

  async createOrganization(org: Organization): Promise<void> {
    await this.pool.query(
      'INSERT INTO organizations (id, name, identity_id, created) VALUES ($1, $2, $3, $4)',
      [org.id, org.name, org.identityId, org.created],
    );
  }

  async getOrganization(id: string): Promise<Organization | undefined> {
    const { rows } = await this.pool.query<OrgRow>(
      'SELECT id, name, identity_id, created FROM organizations WHERE id = $1',
      [id],
    );
    return rows[0] && toOrganization(rows[0]);
  }

  async listOrganizations(): Promise<Organization[]> {
    const { rows } = await this.pool.query<OrgRow>(
      'SELECT id, name, identity_id, created FROM organizations ORDER BY created, id',
    );
    return rows.map(toOrganization);
  }

  async createUser(user: User): Promise<void> {
    await this.pool.query(
      'INSERT INTO users (id, organization_id, name, role, created) VALUES ($1, $2, $3, $4, $5)',
      [user.id, user.organizationId, user.name, user.role, user.created],
    );
  }

  async getUser(id: string): Promise<User | undefined> {
    const { rows } = await this.pool.query<UserRow>(
      'SELECT id, organization_id, name, role, created FROM users WHERE id = $1',
      [id],
    );
    return rows[0] && toUser(rows[0]);
  }

  async createApiKey(key: ApiKeyRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO api_keys (id, user_id, secret_hash, created, expires, revoked) VALUES ($1, $2, $3, $4, $5, $6)',
      [key.id, key.userId, key.secretHash, key.created, key.expires ?? null, key.revoked ?? null],
    );
  }

  async getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.pool.query<KeyRow>(
      'SELECT id, user_id, secret_hash, created, expires, revoked FROM api_keys WHERE id = $1',
      [id],
    );
    return rows[0] && toApiKey(rows[0]);
  }

  async revokeApiKey(id: string, at: string): Promise<void> {
    await this.pool.query('UPDATE api_keys SET revoked = $1 WHERE id = $2 AND revoked IS NULL', [
      at,
      id,
    ]);
  }

  async putRecord(kind: string, id: string, document: unknown): Promise<void> {
    await this.pool.query(
      'INSERT INTO records (kind, id, document) VALUES ($1, $2, $3) ON CONFLICT (kind, id) DO UPDATE SET document = EXCLUDED.document',
      [kind, id, JSON.stringify(document)],
    );
  }

  async getRecord(kind: string, id: string): Promise<unknown> {
    const { rows } = await this.pool.query<{ document: string }>(
      'SELECT document FROM records WHERE kind = $1 AND id = $2',
      [kind, id],
    );
    return rows[0] ? (JSON.parse(rows[0].document) as unknown) : undefined;
  }

  async listRecords(kind: string): Promise<{ id: string; document: unknown }[]> {
    const { rows } = await this.pool.query<{ id: string; document: string }>(
      'SELECT id, document FROM records WHERE kind = $1 ORDER BY id',
      [kind],
    );
    return rows.map((r) => ({ id: r.id, document: JSON.parse(r.document) as unknown }));
  }

  async deleteRecord(kind: string, id: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM records WHERE kind = $1 AND id = $2', [
      kind,
      id,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async getSetting(key: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>(
      'SELECT value FROM settings WHERE key = $1',
      [key],
    );
    return rows[0]?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
      [key, value],
    );
  }

  /** Drops this store's schema and everything in it (tests and benchmarks only). */
  async dropSchema(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
  }
}
