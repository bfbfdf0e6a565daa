import { parseMicros } from '../added-clock.js';
import { decodeCursor } from '../cursor.js';
import type { Viewer } from '../../policy/viewer.js';
import type { ObjectQuery, VersionSelector } from '../store.js';
import { normalizeVersion } from '../version-rules.js';

/** How a backend spells parameters. The only dialect difference in STIX reads. */
export interface SqlDialect {
  /** The n-th (1-based) positional parameter: `?` (SQLite) or `$n` (PostgreSQL). */
  placeholder(index: number): string;
  /** "`column` is one of the strings bound at `param`", bound as one parameter. */
  inList(column: string, param: string): string;
  /** The value to bind for {@link inList}. */
  listValue(values: readonly string[]): unknown;
  /**
   * "`column` is one of the values `subquery` returns", written so the planner evaluates the
   * subquery once and keeps walking the page's index in order (no join, no sort).
   */
  inSubquery(column: string, subquery: string): string;
  /**
   * "The object-id `column` is one of `ids`", written to use the backend's index of object
   * ids; `bind` binds a parameter and returns its placeholder. Absent: {@link inList}.
   */
  idMatch?(column: string, ids: readonly string[], bind: (value: unknown) => string): string;
}

export interface BuiltSql {
  sql: string;
  params: unknown[];
}

/** The columns of a version read, in {@link VersionRow} order (row-mapping.ts). */
export const VERSION_COLUMNS =
  'v.seq, v.id, v.version, v.added_us, v.type, v.spec_version, v.body, v.granular, v.created, v.created_by_ref, v.modified, v.tlp';

/**
 * The WHERE clause of every STIX read, for the `versions v` table: the policy gate first (the
 * viewer's audience sets), then the query's filters. Both backends build every read from this
 * one function, so neither can forget the gate. Lists are bound as one parameter each, so the
 * SQL text depends only on which filters are present and whether they hold one value or more
 * (prepared statements stay few).
 */
export function whereClause(
  query: Omit<ObjectQuery, 'limit'>,
  viewer: Viewer,
  dialect: SqlDialect,
): BuiltSql {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return dialect.placeholder(params.length);
  };
  // One value is an equality, so an index on (column, seq) can serve the page in seq order.
  const inList = (column: string, values: readonly string[]) =>
    values.length === 1
      ? `${column} = ${p(values[0])}`
      : dialect.inList(column, p(dialect.listValue(values)));
  const clauses = [
    dialect.inSubquery(
      'v.audience_id',
      `SELECT t.audience_id FROM audience_tokens t WHERE ${inList('t.token', viewer.tokens)}`,
    ),
  ];
  // A peer withholds `no-forward`: audiences holding a withheld token are out, whatever else
  // they hold (policy/viewer.ts). Members withhold nothing, so their reads skip this.
  if (viewer.withheld?.length)
    clauses.push(
      `NOT (${dialect.inSubquery('v.audience_id', `SELECT w.audience_id FROM audience_tokens w WHERE ${inList('w.token', viewer.withheld)}`)})`,
    );
  if (query.cursor !== undefined) clauses.push(`v.seq > ${p(decodeCursor(query.cursor))}`);
  if (query.addedAfter !== undefined) {
    // `added` grows with `seq` (see added-clock.ts), so "added after t" is "seq after the
    // last row added at or before t": one index probe, and the page keeps its seq order.
    clauses.push(
      `v.seq > COALESCE((SELECT a.seq FROM versions a WHERE a.added_us <= ${p(parseMicros(query.addedAfter))} ORDER BY a.added_us DESC LIMIT 1), 0)`,
    );
  }
  if (query.types?.length) clauses.push(inList('v.type', query.types));
  if (query.ids?.length)
    clauses.push(
      dialect.idMatch ? dialect.idMatch('v.id', query.ids, p) : inList('v.id', query.ids),
    );
  if (query.specVersions?.length) clauses.push(inList('v.spec_version', query.specVersions));
  if (query.createdBy?.length) clauses.push(inList('v.created_by_ref', query.createdBy));
  const versions = versionClause(query.versions ?? [{ kind: 'last' }], inList);
  if (versions) clauses.push(versions);
  return { sql: clauses.join(' AND '), params };
}

/** TAXII 2.1 §3.4.1 `match[version]`: selectors are OR-ed; `all` matches everything. */
function versionClause(
  selectors: readonly VersionSelector[],
  inList: (column: string, values: readonly string[]) => string,
): string | undefined {
  if (selectors.some((s) => s.kind === 'all')) return undefined;
  const parts: string[] = [];
  const at = selectors.flatMap((s) => (s.kind === 'at' ? s.versions.map(normalizeVersion) : []));
  if (selectors.some((s) => s.kind === 'last')) parts.push('v.is_latest = 1');
  if (selectors.some((s) => s.kind === 'first')) parts.push('v.is_first = 1');
  if (at.length > 0) parts.push(inList('v.version', at));
  return parts.length > 0 ? `(${parts.join(' OR ')})` : '1 = 0';
}

/** A page size within [1, max]; anything not a finite number counts as max. */
export function pageLimit(limit: number, max: number): number {
  return Number.isFinite(limit) ? Math.max(1, Math.min(Math.floor(limit), max)) : max;
}
