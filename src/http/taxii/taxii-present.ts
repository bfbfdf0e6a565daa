import type { CollectionPage } from '../../federation/collection-reads.js';
import type { TaxiiCollection } from '../../federation/taxii-collections.js';
import type { Viewer } from '../../policy/viewer.js';
import type { StoredVersion } from '../../store/store.js';
import { jsonWithList, visibleJson } from '../visible-json.js';
import { STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from './media-types.js';
import { encodeNext } from './taxii-query.js';

/**
 * TAXII 2.1 §2 `timestamp`: RFC 3339 in UTC with exactly six fractional digits (a `Date`
 * holds milliseconds, so the last three are zeros).
 */
export function taxiiTimestamp(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

/**
 * TAXII 2.1 §4.1.1 discovery resource: one API root, the default. Its URL is relative
 * (`/taxii2/api1/`): §4.1.1 allows HTTPS absolute URLs or relative ones, and behind a
 * TLS-terminating proxy only the client knows the scheme and host it used.
 */
export function presentDiscovery(apiRootUrl: string): Record<string, unknown> {
  return {
    title: 'Shura TAXII 2.1 server',
    description: 'Cyber threat intelligence shared through this Shura node.',
    default: apiRootUrl,
    api_roots: [apiRootUrl],
  };
}

/** TAXII 2.1 §4.2.1 API root resource. */
export function presentApiRoot(maxContentLength: number): Record<string, unknown> {
  return {
    title: 'Shura',
    description: "This node's collections.",
    versions: [TAXII_MEDIA_TYPE],
    max_content_length: maxContentLength,
  };
}

/** TAXII 2.1 §5.2.1 collection resource, with what this caller may do. */
export function presentCollection(
  collection: TaxiiCollection,
  access: { read: boolean; write: boolean },
): Record<string, unknown> {
  return {
    id: collection.id,
    title: collection.title,
    ...(collection.description !== undefined ? { description: collection.description } : {}),
    ...(collection.alias !== undefined ? { alias: collection.alias } : {}),
    can_read: access.read,
    can_write: access.write,
    media_types: [STIX_MEDIA_TYPE],
  };
}

/** `more` and `next` of a paged resource (TAXII 2.1 §3.7). */
function paging(page: CollectionPage): { more: boolean; next?: string } {
  return page.resumeAfter === undefined
    ? { more: false }
    : { more: true, next: encodeNext(page.resumeAfter) };
}

/**
 * TAXII 2.1 §3.7 envelope, as UTF-8 JSON: the objects byte for byte as stored (key order kept),
 * except where granular markings hide properties from this viewer (see `visibleJson`).
 */
export function presentEnvelope(page: CollectionPage, viewer: Viewer): Buffer {
  if (page.items.length === 0) return Buffer.from(JSON.stringify(paging(page)));
  return jsonWithList(
    paging(page),
    'objects',
    page.items.map((v) => visibleJson(v, viewer)),
  );
}

/** TAXII 2.1 §5.3.1 manifest resource. */
export function presentManifest(page: CollectionPage): Record<string, unknown> {
  return {
    ...paging(page),
    ...(page.items.length > 0
      ? {
          objects: page.items.map((v) => ({
            id: v.id,
            date_added: v.added,
            version: v.version,
            media_type: STIX_MEDIA_TYPE,
          })),
        }
      : {}),
  };
}

/** TAXII 2.1 §5.8.1 versions resource. */
export function presentVersions(page: CollectionPage): Record<string, unknown> {
  return {
    ...paging(page),
    ...(page.items.length > 0 ? { versions: page.items.map((v) => v.version) } : {}),
  };
}

/** The earliest TAXII timestamp: the date headers of an empty answer to an unbounded read. */
const EPOCH = '1970-01-01T00:00:00.000000Z';

/**
 * `X-TAXII-Date-Added-First` / `-Last` (TAXII 2.1 §3.2: on every 200 answer of Get Object
 * Manifests, Get Objects, Get an Object and Get Object Versions): the `date_added` of the first
 * and last version in the response (pages are in `date_added` order). An empty answer has
 * neither, yet must carry both: it names the bound it read after (`added_after` or `next`),
 * else the epoch, so a client resuming from `-Last` skips nothing.
 */
export function dateAddedHeaders(
  items: readonly StoredVersion[],
  readAfter: string | undefined,
): Record<string, string> {
  const first = items[0];
  const last = items[items.length - 1];
  if (first && last)
    return { 'X-TAXII-Date-Added-First': first.added, 'X-TAXII-Date-Added-Last': last.added };
  const bound = readAfter === undefined ? EPOCH : microsecondTimestamp(readAfter);
  return { 'X-TAXII-Date-Added-First': bound, 'X-TAXII-Date-Added-Last': bound };
}

/** An RFC 3339 UTC timestamp with exactly six fractional digits (more are cut, never rounded up). */
function microsecondTimestamp(timestamp: string): string {
  const match = /^(.+T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/i.exec(timestamp);
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(6, '0').slice(0, 6)}Z` : EPOCH;
}
