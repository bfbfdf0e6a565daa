import type pg from 'pg';
import { formatMicros, nextAddedMicros } from '../added-clock.js';
import { audienceKey, audienceTokens } from '../audience-key.js';
import { bodyKey, objectsFromRows, planBatch, type BatchState } from '../plan-batch.js';
import { tlpColumn } from '../version-facts.js';
import type { SummaryRow } from '../sql/row-mapping.js';
import type { ObjectWrite, WriteOutcome } from '../store.js';
import { normalizeVersion } from '../version-rules.js';
import { POSTGRES_SQL, VERSION_INSERT_COLUMNS } from './postgres-queries.js';

/** Rows this process inserts before it first refreshes the planner statistics. */
const ANALYZE_MIN_ROWS = 20_000;

/**
 * The bulk write path of PostgreSQL: one transaction per batch and a fixed number of round
 * trips whatever its size (begin + lock + clock, read, [flags], [audiences], insert, commit).
 */
export class PostgresBatchWriter {
  /** Audience key → audience_id; only committed rows (cleared when a transaction fails). */
  private readonly audienceIds = new Map<string, number>();
  private rowsSinceAnalyze = 0;
  private rowsAtAnalyze = 0;

  constructor(
    private readonly lockKey: number,
    private readonly clock: () => Date,
  ) {}

  /**
   * Writes one batch in its own transaction. Every writer first takes the same advisory
   * transaction lock, so writers run one at a time and each one's `seq` values (handed out
   * by INSERT) are all greater than those of every transaction that committed before it.
   * Without it, writer A could take seq 101-200, writer B 201-300 and commit first; a reader
   * paging "seq > cursor" would then return 201-300, move its cursor to 300, and never see
   * 101-200 when A commits. With it, the commit order is the seq order, so a cursor only ever
   * moves past rows that are already visible. The lock is held until COMMIT has made the rows
   * visible, and `added` is computed under it too (strictly increasing with seq).
   */
  async write(client: pg.PoolClient, writes: readonly ObjectWrite[]): Promise<WriteOutcome[]> {
    try {
      const begun = (await client.query(
        POSTGRES_SQL.beginWrite(this.lockKey),
      )) as unknown as pg.QueryResult<{ last_added_us: string }>[];
      const lastAdded = Number(begun[begun.length - 1]?.rows[0]?.last_added_us ?? 0);
      const outcomes = await this.writeInTransaction(client, writes, lastAdded);
      await client.query('COMMIT');
      await this.analyzeAfterGrowth(client, outcomes);
      return outcomes;
    } catch (error) {
      this.audienceIds.clear();
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * Refreshes the planner's statistics once this process has grown `versions` by half since
   * the last time (and by at least {@link ANALYZE_MIN_ROWS}). Without it, right after a bulk
   * import the planner still believes the table is tiny and pages by sorting every visible
   * row instead of walking the seq index; autovacuum would only catch up later.
   */
  private async analyzeAfterGrowth(
    client: pg.PoolClient,
    outcomes: readonly WriteOutcome[],
  ): Promise<void> {
    for (const outcome of outcomes) if (outcome.status === 'stored') this.rowsSinceAnalyze++;
    if (this.rowsSinceAnalyze < Math.max(ANALYZE_MIN_ROWS, this.rowsAtAnalyze / 2)) return;
    await client.query('ANALYZE versions');
    this.rowsAtAnalyze += this.rowsSinceAnalyze;
    this.rowsSinceAnalyze = 0;
  }

  private async writeInTransaction(
    client: pg.PoolClient,
    writes: readonly ObjectWrite[],
    lastAdded: number,
  ): Promise<WriteOutcome[]> {
    const plan = planBatch(writes, await this.readState(client, writes));
    const outcomes = plan.outcomes;
    if (plan.inserts.length === 0) return outcomes as WriteOutcome[];
    if (plan.clearLatest.length) await client.query(POSTGRES_SQL.clearLatest, [plan.clearLatest]);
    if (plan.clearFirst.length) await client.query(POSTGRES_SQL.clearFirst, [plan.clearFirst]);
    const audienceIds = await this.audienceIdsFor(
      client,
      plan.inserts.map((i) => i.write.audience),
    );
    const columns: unknown[][] = VERSION_INSERT_COLUMNS.map(() => []);
    let added = lastAdded;
    const nowMs = this.clock().getTime();
    plan.inserts.forEach(({ write, slot, version, isLatest, isFirst }, i) => {
      const { object } = write;
      added = nextAddedMicros(nowMs, added);
      // In VERSION_INSERT_COLUMNS order.
      const row = [
        object.id,
        version,
        added,
        object.type,
        object.spec_version ?? '2.0',
        object.created ?? null,
        object.created_by_ref ?? null,
        object.revoked === true ? 1 : 0,
        isLatest ? 1 : 0,
        isFirst ? 1 : 0,
        audienceIds[i],
        write.submittedBy,
        write.json ?? JSON.stringify(object),
        write.granular?.length ? JSON.stringify(write.granular) : null,
        object.modified ?? null,
        tlpColumn(object),
      ];
      row.forEach((value, c) => columns[c]!.push(value));
      outcomes[slot] = { status: 'stored', added: formatMicros(added), seq: 0 };
    });
    const inserted = await client.query<{ seq: string; added_us: string }>(
      POSTGRES_SQL.insertVersions,
      [...columns, added],
    );
    const seqByAdded = new Map(inserted.rows.map((r) => [Number(r.added_us), Number(r.seq)]));
    plan.inserts.forEach(({ slot }, i) => {
      (outcomes[slot] as { seq: number }).seq = seqByAdded.get(columns[2]![i] as number)!;
    });
    return outcomes as WriteOutcome[];
  }

  private async readState(
    client: pg.PoolClient,
    writes: readonly ObjectWrite[],
  ): Promise<BatchState> {
    const ids = [...new Set(writes.map((w) => w.object.id))];
    const summaries = await client.query<SummaryRow>(POSTGRES_SQL.summaries, [ids]);
    const objects = objectsFromRows(summaries.rows);
    const bodies = new Map<string, string>();
    const known = writes.filter((w) => objects.has(w.object.id));
    if (known.length > 0) {
      const found = await client.query<{ id: string; version: string; body: string }>(
        POSTGRES_SQL.bodiesAt,
        [known.map((w) => w.object.id), known.map((w) => normalizeVersion(w.version))],
      );
      for (const row of found.rows) bodies.set(bodyKey(row.id, row.version), row.body);
    }
    return { objects, bodies };
  }

  /** The audience_id of each token list, creating missing audiences in two statements. */
  private async audienceIdsFor(
    client: pg.PoolClient,
    audiences: readonly (readonly string[])[],
  ): Promise<number[]> {
    const keys = audiences.map(audienceKey);
    const missing = [...new Set(keys.filter((k) => !this.audienceIds.has(k)))];
    if (missing.length > 0) {
      const { rows } = await client.query<{ audience_id: string; key: string }>(
        POSTGRES_SQL.upsertAudiences,
        [missing],
      );
      const tokens: string[] = [];
      const owners: number[] = [];
      for (const row of rows) {
        const id = Number(row.audience_id);
        this.audienceIds.set(row.key, id);
        for (const token of audienceTokens(row.key)) {
          tokens.push(token);
          owners.push(id);
        }
      }
      await client.query(POSTGRES_SQL.insertAudienceTokens, [tokens, owners]);
    }
    return keys.map((k) => this.audienceIds.get(k)!);
  }
}
