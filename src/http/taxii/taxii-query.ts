import type { CollectionQuery } from '../../federation/collection-reads.js';
import type { VersionSelector } from '../../store/store.js';
import { isIdentifier } from '../../stix/ids.js';
import { compareTimestamps, isStixTimestamp } from '../../stix/timestamps.js';
import { badRequest } from './taxii-error.js';

type QueryValue = string | string[] | undefined;
export type RawQuery = Record<string, QueryValue>;

/** Page size when the request names none, and the largest page (larger requests get this). */
export const TAXII_DEFAULT_LIMIT = 1000;
export const TAXII_MAX_LIMIT = 10_000;

/** The URL parameters each endpoint takes (TAXII 2.1 §5.3, §5.4, §5.6, §5.7, §5.8). */
export const PARAMS = {
  list: [
    'added_after',
    'limit',
    'next',
    'match[id]',
    'match[type]',
    'match[version]',
    'match[spec_version]',
  ],
  object: ['added_after', 'limit', 'next', 'match[version]', 'match[spec_version]'],
  versions: ['added_after', 'limit', 'next', 'match[spec_version]'],
  delete: ['match[version]', 'match[spec_version]'],
} as const;

const TYPE_SHAPE = /^[a-z0-9][a-z0-9-]{1,249}$/;
const SPEC_VERSION = /^\d\.\d$/;

/**
 * Parses the TAXII 2.1 URL parameters an endpoint takes (§3.4 filtering, §3.5 pagination) into a collection read. Unknown
 * parameters and malformed values are refused (400) rather than ignored, so a typo never
 * silently widens or narrows a result. A `limit` above {@link TAXII_MAX_LIMIT} is lowered to
 * it (§3.4: a server may return fewer than asked).
 */
export function parseTaxiiQuery(raw: RawQuery, allowed: readonly string[]): CollectionQuery {
  for (const name of Object.keys(raw))
    if (!allowed.includes(name))
      throw badRequest(
        `Unknown or unsupported URL parameter "${name.slice(0, 60)}" for this endpoint; this one takes: ${allowed.join(', ') || 'none'}.`,
        'unknown-parameter',
      );
  const query: CollectionQuery = { limit: parseLimit(single(raw, 'limit')) };
  const addedAfter = single(raw, 'added_after');
  if (addedAfter !== undefined && !isStixTimestamp(addedAfter))
    throw badRequest(
      `"added_after" must be an RFC 3339 UTC timestamp such as 2017-05-12T00:00:00.000Z, not "${addedAfter.slice(0, 40)}".`,
      'bad-added-after',
    );
  const next = single(raw, 'next');
  const resume = next === undefined ? undefined : decodeNext(next);
  const after = [addedAfter, resume].filter((t): t is string => t !== undefined);
  if (after.length > 0) query.addedAfter = after.sort(compareTimestamps).pop()!;
  const ids = values(raw, 'match[id]', isIdentifier, 'a STIX identifier');
  if (ids) query.ids = ids;
  const types = values(raw, 'match[type]', (t) => TYPE_SHAPE.test(t), 'a STIX type');
  if (types) query.types = types;
  const specVersions = values(raw, 'match[spec_version]', (v) => SPEC_VERSION.test(v), 'like 2.1');
  if (specVersions) query.specVersions = specVersions;
  const versions = values(raw, 'match[version]', isVersionValue, 'last, first, all or a timestamp');
  checkVersionValues(raw);
  if (versions) query.versions = versionSelectors(versions);
  return query;
}

/** `match[version]` values (TAXII 2.1 §3.4.1): `last`, `first`, `all`, version timestamps. */
export function versionSelectors(values: readonly string[]): VersionSelector[] {
  const selectors: VersionSelector[] = [];
  const at = values.filter((v) => v !== 'last' && v !== 'first' && v !== 'all');
  for (const kind of ['last', 'first', 'all'] as const)
    if (values.includes(kind)) selectors.push({ kind });
  if (at.length > 0) selectors.push({ kind: 'at', versions: at });
  return selectors;
}

const NEXT_PREFIX = 'a1.';

/**
 * The `next` value that resumes right after a version's `added` (see `CollectionPage`). It is
 * opaque to clients; forging one gains nothing, since every read still goes through the gate.
 */
export function encodeNext(resumeAfter: string): string {
  return NEXT_PREFIX + Buffer.from(resumeAfter).toString('base64url');
}

function decodeNext(next: string): string {
  const body = next.startsWith(NEXT_PREFIX) ? next.slice(NEXT_PREFIX.length) : '';
  const decoded = /^[A-Za-z0-9_-]{20,60}$/.test(body)
    ? Buffer.from(body, 'base64url').toString('utf8')
    : '';
  if (!isStixTimestamp(decoded))
    throw badRequest(
      '"next" is not a value this server issued; start again without it.',
      'bad-next',
    );
  return decoded;
}

function isVersionValue(value: string): boolean {
  return value === 'last' || value === 'first' || value === 'all' || isStixTimestamp(value);
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return TAXII_DEFAULT_LIMIT;
  if (!/^\d{1,20}$/.test(value) || Number(value) < 1)
    throw badRequest(
      `"limit" must be a positive integer, not "${value.slice(0, 40)}".`,
      'bad-limit',
    );
  return Math.min(Number(value), TAXII_MAX_LIMIT);
}

function single(raw: RawQuery, name: string): string | undefined {
  const value = raw[name];
  if (Array.isArray(value)) throw badRequest(`"${name}" may be given once.`, 'repeated-parameter');
  return value;
}

/**
 * A `match[...]` filter: one parameter, its values comma-separated and OR-ed (TAXII 2.1 §3.4:
 * a field occurs once per request).
 */
function values(
  raw: RawQuery,
  name: string,
  valid: (value: string) => boolean,
  expected: string,
): string[] | undefined {
  const value = single(raw, name);
  if (value === undefined) return undefined;
  const list = value.split(',');
  if (list.length > 100) throw badRequest(`"${name}" takes at most 100 values.`, 'too-many-values');
  for (const v of list)
    if (!valid(v))
      throw badRequest(
        `"${name}" takes ${expected} each, not "${v.slice(0, 80)}".`,
        'bad-match-value',
      );
  return [...new Set(list)];
}

/**
 * `match[version]` values as given: TAXII 2.1 §3.4.1 forbids a keyword or a version twice and
 * `all` beside anything else.
 */
function checkVersionValues(raw: RawQuery): void {
  const value = raw['match[version]'];
  if (typeof value !== 'string') return;
  const list = value.split(',');
  const twice = list.find((v, i) => list.indexOf(v) !== i);
  if (twice !== undefined)
    throw badRequest(`"match[version]" names "${twice.slice(0, 40)}" twice.`, 'bad-match-value');
  if (list.includes('all') && list.length > 1)
    throw badRequest(
      '"match[version]=all" may not be combined with other values.',
      'bad-match-value',
    );
}
