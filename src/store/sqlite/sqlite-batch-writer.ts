import type Database from 'better-sqlite3';
import { formatMicros, nextAddedMicros } from '../added-clock.js';
import { audienceKey, audienceTokens } from '../audience-key.js';
import { idKey } from './sqlite-id-key.js';
import { bodyKey, objectsFromRows, planBatch, type BatchState } from '../plan-batch.js';
import type { SummaryRow } from '../sql/row-mapping.js';
import type { ObjectWrite, WriteOutcome } from '../store.js';
import { tlpColumn } from '../version-facts.js';
import { normalizeVersion } from '../version-rules.js';
import { SQLITE_SQL } from './sqlite-queries.js';
import { StoredKeys, type InsertedKeys, type StoredKeysOptions } from './sqlite-stored-keys.js';
import { VersionKeys } from './sqlite-version-keys.js';

/** Object ids per summary lookup (bound as one JSON array). */
const LOOKUP_CHUNK = 1000;
/** Rows per multi-row INSERT, and values per row. */
const INSERT_CHUNK = 50;
const COLUMNS = 17;
/** The two statement shapes, built once (each text is also the statement cache's key). */
const INSERT_CHUNK_SQL = SQLITE_SQL.insertVersions(INSERT_CHUNK);
const INSERT_ONE_SQL = SQLITE_SQL.insertVersions(1);

/**
 * The bulk write path of SQLite: read what the batch touches, plan it (pure), write it. Runs
 * inside the caller's immediate transaction, so it is the only writer and `seq`/`added` follow
 * commit order.
 */
export class SqliteBatchWriter {
  /**
   * Audience key (and the token list as given, newline-prefixed and -joined) → audience_id.
   * Keys are JSON arrays, so the two kinds never collide. Cleared when a transaction fails: only committed rows.
   */
  private readonly audienceIds = new Map<string, number>();
  /** The id index of the versions this writer adds (and the store deletes). */
  readonly keys: VersionKeys;
  /** Which id keys may be stored: the ids of new objects are not looked up. */
  private readonly stored: StoredKeys;
  /** What the open transaction inserted, for the id filter once it commits. */
  private inserted: InsertedKeys | undefined;

  constructor(
    private readonly stmt: (sql: string) => Database.Statement,
    private readonly clock: () => Date,
    options: {
      keyMergeRows?: number | undefined;
      keyFilter?: StoredKeysOptions;
    } = {},
  ) {
    this.keys = new VersionKeys(stmt, options.keyMergeRows);
    this.stored = new StoredKeys(stmt, options.keyFilter);
  }

  /** Resolves when the id key filter is not being built (tests). */
  keyFilterIdle(): Promise<void> {
    return this.stored.idle();
  }

  /** Stops the work of other threads (a filter build under way); call before closing. */
  close(): Promise<void> {
    return this.stored.close();
  }

  /** Writes one batch; call inside a transaction. */
  write(writes: readonly ObjectWrite[]): WriteOutcome[] {
    const keys = new Map<string, number>();
    for (const { object } of writes)
      if (!keys.has(object.id)) keys.set(object.id, idKey(object.id));
    const plan = planBatch(writes, this.readState(writes, keys));
    const outcomes = plan.outcomes;
    if (plan.inserts.length > 0) {
      for (const id of plan.clearLatest) this.stmt(SQLITE_SQL.clearLatest).run({ id });
      for (const id of plan.clearFirst) this.stmt(SQLITE_SQL.clearFirst).run({ id });
      let added = (this.stmt(SQLITE_SQL.lastAdded).get() as { last_added_us: number })
        .last_added_us;
      const nowMs = this.clock().getTime();
      const values: unknown[] = [];
      for (const { write, slot, version, isLatest, isFirst } of plan.inserts) {
        const { object } = write;
        added = nextAddedMicros(nowMs, added);
        values.push(
          keys.get(object.id),
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
          this.audienceId(write.audience),
          write.submittedBy,
          write.json ?? JSON.stringify(object),
          write.granular?.length ? JSON.stringify(write.granular) : null,
          object.modified ?? null,
          tlpColumn(object),
        );
        outcomes[slot] = { status: 'stored', added: formatMicros(added), seq: 0 };
      }
      const seqs = this.insertVersions(values);
      const [first, last] = [seqs[0]!, seqs[seqs.length - 1]!]; // consecutive, ascending
      this.keys.added(first, last);
      this.inserted = {
        first,
        last,
        keys: plan.inserts.map(({ write }) => keys.get(write.object.id)!),
      };
      plan.inserts.forEach(({ slot }, i) => {
        (outcomes[slot] as { seq: number }).seq = seqs[i]!;
      });
      this.stmt(SQLITE_SQL.setLastAdded).run(added);
    }
    return outcomes as WriteOutcome[];
  }

  /**
   * Inserts rows ({@link COLUMNS} values each, in order) in statements of up to
   * {@link INSERT_CHUNK} rows; returns their seqs in the same order. Within one statement the
   * rows get consecutive seqs (AUTOINCREMENT, one writer), ending at `lastInsertRowid`.
   */
  private insertVersions(values: readonly unknown[]): number[] {
    const rows = values.length / COLUMNS;
    const seqs: number[] = [];
    const insert = (from: number, count: number) => {
      const sql = count === INSERT_CHUNK ? INSERT_CHUNK_SQL : INSERT_ONE_SQL;
      const last = Number(
        this.stmt(sql).run(values.slice(from * COLUMNS, (from + count) * COLUMNS)).lastInsertRowid,
      );
      for (let i = count - 1; i >= 0; i--) seqs.push(last - i);
    };
    let row = 0;
    for (; row + INSERT_CHUNK <= rows; row += INSERT_CHUNK) insert(row, INSERT_CHUNK);
    for (; row < rows; row++) insert(row, 1);
    return seqs;
  }

  /** Call when the transaction has committed: the id filter takes what it inserted. */
  committed(): void {
    this.keys.committed();
    if (this.inserted) this.stored.committed(this.inserted);
    this.inserted = undefined;
  }

  /** Call when a transaction rolled back: audience rows it created are gone. */
  forgetUncommitted(): void {
    this.inserted = undefined;
    this.audienceIds.clear();
    this.keys.forgetUncommitted();
  }

  /** What is stored of the batch's objects; `keys`: the `idKey` of each of their ids. */
  private readState(writes: readonly ObjectWrite[], keys: ReadonlyMap<string, number>): BatchState {
    const stored = this.stored.current();
    const ids = [...keys].filter(([, key]) => stored?.mayHave(key) !== false).map(([id]) => id);
    const rows: SummaryRow[] = [];
    for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
      const chunk = ids.slice(i, i + LOOKUP_CHUNK);
      const params = {
        ids: JSON.stringify(chunk),
        keys: JSON.stringify(chunk.map((id) => keys.get(id))),
      };
      rows.push(...(this.stmt(SQLITE_SQL.summaries).all(params) as SummaryRow[]));
    }
    const objects = objectsFromRows(rows);
    const bodies = new Map<string, string>();
    if (objects.size > 0) {
      const bodyAt = this.stmt(SQLITE_SQL.bodyAt);
      for (const { object, version } of writes) {
        if (!objects.has(object.id)) continue; // A new object has no stored versions.
        const key = normalizeVersion(version);
        const row = bodyAt.get({ id: object.id, version: key }) as { body: string } | undefined;
        if (row) bodies.set(bodyKey(object.id, key), row.body);
      }
    }
    return { objects, bodies };
  }

  private audienceId(tokens: readonly string[]): number {
    const quick = `\n${tokens.join('\n')}`; // As given: saves sorting when a list repeats.
    const known = this.audienceIds.get(quick);
    if (known !== undefined) return known;
    const key = audienceKey(tokens);
    const cached = this.audienceIds.get(key);
    if (cached !== undefined) {
      this.audienceIds.set(quick, cached);
      return cached;
    }
    const found = this.stmt(SQLITE_SQL.audienceByKey).get(key) as
      { audience_id: number } | undefined;
    let id = found?.audience_id;
    if (id === undefined) {
      id = Number(this.stmt(SQLITE_SQL.insertAudience).run(key).lastInsertRowid);
      this.stmt(SQLITE_SQL.insertAudienceTokens).run(id, JSON.stringify(audienceTokens(key)));
    }
    this.audienceIds.set(key, id).set(quick, id);
    return id;
  }
}
