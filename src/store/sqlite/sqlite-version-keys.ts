import type Database from 'better-sqlite3';
import { ID_KEY_FUNCTION } from './sqlite-id-key.js';

/**
 * How SQLite finds an object's versions by id (migration 5): a two-level index of
 * `(id_key, seq)` pairs in two tables, read together.
 *
 * - `fresh_version_keys` takes the pairs of new versions. It stays small, so the random keys of
 *   a batch land on a few hundred cached pages, and a commit writes those to the WAL once.
 * - `version_keys` holds the rest. The fresh pairs move there in one sorted pass once there
 *   are {@link FRESH_KEYS_MERGE_ROWS} of them, so each of its leaf pages takes many new
 *   entries per write instead of one.
 *
 * Why: ids are random UUIDs, so a single index of them sends each new row to a random leaf
 * page, and SQLite's WAL writes every dirtied page in full: ~8 KiB per row at 1M objects.
 * Measured on the raw insert (1M rows, 1,000-row transactions): 42k rows/s with one id index,
 * 105k–112k rows/s with these two tables, 165k rows/s with no id index at all
 * (docs/BENCHMARKS.md).
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

/**
 * Keeps the two tables for one connection's writes; call inside the write transaction. Counts
 * the pairs it adds and checks the table itself before merging, so several connections (a CLI
 * import beside the server) writing to one file still merge on time.
 */
export class VersionKeys {
  /** Pairs in the fresh table as last counted plus those added since; undefined: not counted. */
  private freshRows: number | undefined;

  constructor(
    private readonly stmt: (sql: string) => Database.Statement,
    /** Fresh pairs that trigger a merge (tests set a few, to merge at every turn). */
    private readonly mergeRows = FRESH_KEYS_MERGE_ROWS,
  ) {}

  /** Indexes the versions with seqs `first`..`last` (the rows one transaction inserted). */
  added(first: number, last: number): void {
    // OR FAIL here and in `merge`: a statement that may abort half-way keeps a statement
    // journal (a copy of every page it is about to change, to undo just itself); one that
    // fails instead keeps none, and the error still rolls the whole transaction back.
    // Measured at 1M stored: these two statements took 21% of the store's write time with
    // the journal, 11% without.
    this.stmt(
      'INSERT OR FAIL INTO fresh_version_keys (id_key, seq) SELECT id_key, seq FROM versions WHERE seq BETWEEN ? AND ?',
    ).run(first, last);
    this.freshRows = (this.freshRows ?? this.countFresh()) + (last - first + 1);
    if (this.freshRows < this.mergeRows) return;
    this.freshRows = this.countFresh();
    if (this.freshRows >= this.mergeRows) this.merge();
  }

  /** Unindexes versions of the object `id` about to be deleted (`seqs`: a JSON array). */
  removing(id: string, seqs: string): void {
    for (const table of ['version_keys', 'fresh_version_keys'])
      this.stmt(
        `DELETE FROM ${table} WHERE id_key = ${ID_KEY_FUNCTION}(@id) AND seq IN (SELECT value FROM json_each(@seqs))`,
      ).run({ id, seqs });
  }

  /** Moves every fresh pair to the main table, in key order. */
  merge(): void {
    this.stmt(
      'INSERT OR FAIL INTO version_keys (id_key, seq) SELECT id_key, seq FROM fresh_version_keys ORDER BY id_key, seq',
    ).run();
    this.stmt('DELETE FROM fresh_version_keys').run();
    this.freshRows = 0;
  }

  /** Call when a transaction rolled back: the count may include pairs that are gone. */
  forgetUncommitted(): void {
    this.freshRows = undefined;
  }

  private countFresh(): number {
    return (this.stmt('SELECT COUNT(*) AS n FROM fresh_version_keys').get() as { n: number }).n;
  }
}
