import type { ObjectQuery, VersionSelector } from '../../store/store.js';
import { isStixTimestamp } from '../../stix/timestamps.js';

/** A query string value as fastify parses it (repeated keys become arrays). */
type QueryValue = string | string[] | undefined;

/** A query parameter that cannot be used; becomes a 400 problem naming the parameter. */
export class QueryParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

const KNOWN = new Set([
  'type',
  'id',
  'added_after',
  'limit',
  'next',
  'version',
  'spec_version',
  'created_by',
]);
const TYPE_SHAPE = /^[a-z0-9][a-z0-9-]{0,249}$/;
const ID_SHAPE =
  /^[a-z0-9][a-z0-9-]{0,249}--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Default and largest page size of `GET /api/v1/objects`. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 10_000;

/**
 * Turns `GET /api/v1/objects` query parameters into a store query. Each list parameter takes
 * comma-separated values or repeats; unknown parameters are refused, not ignored, so a typo
 * never silently widens a result.
 */
export function parseObjectQuery(raw: Record<string, QueryValue>): ObjectQuery {
  for (const name of Object.keys(raw)) {
    if (!KNOWN.has(name))
      throw new QueryParameterError(
        name,
        `Unknown query parameter "${name}". Known: ${[...KNOWN].join(', ')}.`,
      );
  }
  const query: ObjectQuery = { limit: parseLimit(raw.limit) };
  const types = list(raw, 'type', TYPE_SHAPE, 'a STIX type such as "indicator"');
  if (types) query.types = types;
  const ids = list(raw, 'id', ID_SHAPE, 'a STIX identifier such as "indicator--<uuid>"');
  if (ids) query.ids = ids;
  const createdBy = list(raw, 'created_by', ID_SHAPE, 'an identity id');
  if (createdBy) query.createdBy = createdBy;
  const specVersions = list(raw, 'spec_version', /^2\.[01]$/, '"2.0" or "2.1"');
  if (specVersions) query.specVersions = specVersions;
  const addedAfter = single(raw, 'added_after');
  if (addedAfter !== undefined) {
    if (!isStixTimestamp(addedAfter)) {
      throw new QueryParameterError(
        'added_after',
        `"added_after" must be an RFC 3339 timestamp such as 2017-05-12T00:00:00.000Z, got "${addedAfter}".`,
      );
    }
    query.addedAfter = addedAfter;
  }
  const next = single(raw, 'next');
  if (next !== undefined) query.cursor = next;
  const versions = list(raw, 'version', /^(last|first|all)$/, '"last", "first" or "all"');
  if (versions) query.versions = versions.map((kind) => ({ kind }) as VersionSelector);
  return query;
}

function parseLimit(value: QueryValue): number {
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  const text = Array.isArray(value) ? undefined : value;
  if (
    text === undefined ||
    !/^\d{1,9}$/.test(text) ||
    Number(text) < 1 ||
    Number(text) > MAX_PAGE_SIZE
  ) {
    throw new QueryParameterError(
      'limit',
      `"limit" must be an integer from 1 to ${MAX_PAGE_SIZE}.`,
    );
  }
  return Number(text);
}

function single(raw: Record<string, QueryValue>, name: string): string | undefined {
  const value = raw[name];
  if (Array.isArray(value))
    throw new QueryParameterError(name, `"${name}" may be given only once.`);
  return value;
}

function list(
  raw: Record<string, QueryValue>,
  name: string,
  shape: RegExp,
  expected: string,
): string[] | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  const values = (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim());
  if (values.length > 100)
    throw new QueryParameterError(name, `"${name}" takes at most 100 values.`);
  for (const v of values) {
    if (!shape.test(v))
      throw new QueryParameterError(
        name,
        `"${name}" must be ${expected}, got "${v.slice(0, 100)}".`,
      );
  }
  return values;
}
