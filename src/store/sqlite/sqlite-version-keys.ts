import type Database from 'better-sqlite3';
import { ID_KEY_FUNCTION } from './sqlite-id-key.js';

/**
 * How SQLite finds an object's versions by id (migration 5): a two-level index of
 * `(id_key, seq)` pairs in two tables, read together.
 *
 * - `fresh_version_keys` takes the pairs of new versions. It stays small, so the random keys of
 *   a batch land on a few hundred cached pages, and a commit writes those to the WAL once.
 * - `version_keys` holds the rest. The fresh pairs move there in sorted runs, so each of its
 *   leaf pages takes many new entries per write instead of one: each write moves the fresh
 *   pairs of the next stretch of the key space, a stretch as wide as its rows are a part of
 *   {@link FRESH_KEYS_MERGE_ROWS}, so the sweep covers every key once per that many rows.
 *
 * Why: ids are random UUIDs, so a single index of them sends each new row to a random leaf
 * page, and SQLite's WAL writes every dirtied page in full: ~8 KiB per row at 1M objects.
 * Measured on the raw insert (1M rows, 1,000-row transactions): 42k rows/s with one id index,
 * 105k–112k rows/s with these two tables, 165k rows/s with no id index at all
 * (docs/BENCHMARKS.md). The sweep moves as much per row as one merge of all the fresh pairs
 * every {@link FRESH_KEYS_MERGE_ROWS} rows did, without that merge's pause (~0.2 s on bare
 * tables, up to ~1 s inside a write at 1M objects).
 */
export const FRESH_KEYS_MERGE_ROWS = 50_000;

/** The migration that creates both tables from the `versions_id_key` index it replaces. */
export const VERSION_KEYS_MIGRATION_SQL = `
  CREATE TABLE version_keys (
    id_key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (id_key, seq)
  ) WITHOUT ROWID;
  CREATE TABLE fresh_version_keys (
    id_key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (id_key, seq)
  ) WITHOUT ROWID;
  INSERT INTO version_keys (id_key, seq) SELECT id_key, seq FROM versions ORDER BY id_key, seq;
  DROP INDEX versions_id_key;
`;

/**
 * SQL for "the seqs of the versions whose id key is `condition`", over both tables, e.g.
 * `seqsWhereKey(() => '= shura_id_key(?)')`. `condition` is called once per table, in text
 * order, so a caller binding positional parameters binds them twice, in order.
 */
export function seqsWhereKey(condition: () => string): string {
  return (
    `SELECT seq FROM version_keys WHERE id_key ${condition()}` +
    ` UNION ALL SELECT seq FROM fresh_version_keys WHERE id_key ${condition()}`
  );
}

/** The seqs of the versions of the object `@id` (a named parameter). */
export const SEQS_OF_ID = seqsWhereKey(() => `= ${ID_KEY_FUNCTION}(@id)`);

/**
 * The seqs of the versions with a key in `@keys` (a JSON array of `idKey` values, named
 * parameter): computed in JavaScript once, where the SQL function would run once per table.
 */
export const SEQS_OF_KEYS = seqsWhereKey(() => 'IN (SELECT value FROM json_each(@keys))');

/** Id keys are 52-bit (`sqlite-id-key.ts`): the key space the sweep goes round. */
const KEY_SPACE = 2 ** 52;

/**
 * Keeps the two tables for one connection's writes; call inside the write transaction. The
 * sweep's position lives in memory: a new connection starts it at key 0, and pairs another
 * connection left in the fresh table move when the sweep passes them.
 */
export class VersionKeys {
  /** Where the next stretch starts, in [0, {@link KEY_SPACE}). */
  private sweep = 0;
  /** The position as of the last commit (a rolled-back write moved nothing). */
  private committedSweep = 0;

  constructor(
    private readonly stmt: (sql: string) => Database.Statement,
    /** Rows written per sweep of the whole key space (tests set a few). */
    private readonly mergeRows = FRESH_KEYS_MERGE_ROWS,
  ) {}

  /** Indexes the versions with seqs `first`..`last` (the rows one transaction inserted). */
  added(first: number, last: number): void {
    // OR FAIL here and in `move`: a statement that may abort half-way keeps a statement
    // journal (a copy of every page it is about to change, to undo just itself); one that
    // fails instead keeps none, and the error still rolls the whole transaction back.
    // Measured at 1M stored: these two statements took 21% of the store's write time with
    // the journal, 11% without.
    this.stmt(
      'INSERT OR FAIL INTO fresh_version_keys (id_key, seq) SELECT id_key, seq FROM versions WHERE seq BETWEEN ? AND ?',
    ).run(first, last);
    const rows = last - first + 1;
    if (rows >= this.mergeRows) return this.move(0, KEY_SPACE); // a whole sweep's worth
    const to = this.sweep + Math.ceil((rows / this.mergeRows) * KEY_SPACE);
    this.move(this.sweep, Math.min(to, KEY_SPACE));
    if (to >= KEY_SPACE) this.move(0, to - KEY_SPACE);
    this.sweep = to % KEY_SPACE;
  }

  /** Unindexes versions of the object `id` about to be deleted (`seqs`: a JSON array). */
  removing(id: string, seqs: string): void {
    for (const table of ['version_keys', 'fresh_version_keys'])
      this.stmt(
        `DELETE FROM ${table} WHERE id_key = ${ID_KEY_FUNCTION}(@id) AND seq IN (SELECT value FROM json_each(@seqs))`,
      ).run({ id, seqs });
  }

  /** Call when the transaction has committed. */
  committed(): void {
    this.committedSweep = this.sweep;
  }

  /** Call when a transaction rolled back: what it moved is back in the fresh table. */
  forgetUncommitted(): void {
    this.sweep = this.committedSweep;
  }

  /** Moves the fresh pairs with keys in [from, to) to the main table, in key order. */
  private move(from: number, to: number): void {
    if (to <= from) return;
    this.stmt(
      'INSERT OR FAIL INTO version_keys (id_key, seq) SELECT id_key, seq FROM fresh_version_keys WHERE id_key >= ? AND id_key < ? ORDER BY id_key, seq',
    ).run(from, to);
    this.stmt('DELETE FROM fresh_version_keys WHERE id_key >= ? AND id_key < ?').run(from, to);
  }
}
