import { decodeCursor } from '../cursor.js';
import type { ObjectQuery, VersionSelector } from '../store.js';
import { normalizeVersion, parseMicros } from '../version-rules.js';

/** Positional parameter syntax of a backend: `?` (SQLite) or `$n` (PostgreSQL). */
export type Placeholder = (index: number) => string;

export interface BuiltSql {
  sql: string;
  params: unknown[];
}

/** Columns every object read selects, in `StoredVersion` order. */
export const VERSION_COLUMNS = 'v.seq, v.id, v.version, v.added_us, v.type, v.spec_version, v.body';

/**
 * The WHERE clause of every STIX read: the policy gate first (the viewer's audience sets),
 * then the query's filters. Both backends build their reads from this one function, so the
 * gate cannot be forgotten by one of them.
 */
export function whereClause(
  query: Omit<ObjectQuery, 'limit'>,
  viewerTokens: readonly string[],
  placeholder: Placeholder,
): BuiltSql {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return placeholder(params.length);
  };
  const list = (values: readonly unknown[]) => values.map((v) => p(v)).join(', ');
  const tokens = viewerTokens.length > 0 ? viewerTokens : ['\u0001no-token'];
  const clauses = [
    `v.audience_id IN (SELECT audience_id FROM audience_tokens WHERE token IN (${list(tokens)}))`,
  ];
  if (query.cursor !== undefined) clauses.push(`v.seq > ${p(decodeCursor(query.cursor))}`);
  if (query.types?.length) clauses.push(`v.type IN (${list(query.types)})`);
  if (query.ids?.length) clauses.push(`v.id IN (${list(query.ids)})`);
  if (query.specVersions?.length) clauses.push(`v.spec_version IN (${list(query.specVersions)})`);
  if (query.createdBy?.length) clauses.push(`v.created_by_ref IN (${list(query.createdBy)})`);
  if (query.addedAfter !== undefined)
    clauses.push(`v.added_us > ${p(parseMicros(query.addedAfter))}`);
  const versions = versionClause(query.versions ?? [{ kind: 'last' }], p);
  if (versions) clauses.push(versions);
  return { sql: clauses.join(' AND '), params };
}

function versionClause(
  selectors: readonly VersionSelector[],
  p: (value: unknown) => string,
): string | undefined {
  if (selectors.some((s) => s.kind === 'all')) return undefined;
  const parts: string[] = [];
  for (const selector of selectors) {
    if (selector.kind === 'last') parts.push('v.is_latest = 1');
    else if (selector.kind === 'first') parts.push('v.is_first = 1');
    else if (selector.kind === 'at' && selector.versions.length > 0) {
      parts.push(
        `v.version IN (${selector.versions.map((t) => p(normalizeVersion(t))).join(', ')})`,
      );
    }
  }
  return parts.length > 0 ? `(${parts.join(' OR ')})` : '1 = 0';
}
