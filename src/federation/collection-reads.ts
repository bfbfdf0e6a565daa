import type { Viewer } from '../policy/viewer.js';
import type { ObjectQuery, StoredVersion, Store } from '../store/store.js';
import type { TaxiiCollection } from './taxii-collections.js';

/** A read of a collection: the store filters, without a store cursor (see {@link CollectionPage}). */
export type CollectionQuery = Omit<ObjectQuery, 'cursor'>;

/**
 * A page of a collection. `resumeAfter` is set when more versions may follow: the `added` of
 * the last version scanned. Store `added` values grow strictly with storage order, so
 * "added after it" resumes exactly there, even while other versions are being added; it is
 * what TAXII's `next` carries.
 */
export interface CollectionPage {
  items: StoredVersion[];
  resumeAfter?: string;
}

/** Rows one request may scan for a collection with a marking filter, before answering short. */
const SCAN_BUDGET = 20_000;

/**
 * Reads a page of a collection through the policy gate: the store applies the viewer's
 * audience and the type / creator filters (the intersection of the request's and the
 * collection's); a marking filter is applied to the rows the store returns, scanning at most
 * {@link SCAN_BUDGET} rows, so a page may hold fewer than `limit` versions (TAXII 2.1 §3.4
 * lets a server return fewer) while `resumeAfter` stays exact.
 */
export async function readCollection(
  store: Store,
  collection: TaxiiCollection,
  query: CollectionQuery,
  viewer: Viewer,
): Promise<CollectionPage> {
  const narrowed = narrowQuery(collection, query);
  if (!narrowed) return { items: [] };
  const markings = collection.filter.markings;
  if (!markings) {
    const page = await store.queryObjects(narrowed, viewer);
    const last = page.items[page.items.length - 1];
    return { items: page.items, ...(page.next && last ? { resumeAfter: last.added } : {}) };
  }
  const items: StoredVersion[] = [];
  let addedAfter = narrowed.addedAfter;
  const chunk = Math.min(Math.max(narrowed.limit * 4, 500), SCAN_BUDGET);
  for (let scanned = 0; scanned < SCAN_BUDGET; scanned += chunk) {
    const page = await store.queryObjects(
      { ...narrowed, limit: chunk, ...(addedAfter ? { addedAfter } : {}) },
      viewer,
    );
    for (const version of page.items) {
      if (!carriesMarking(version.object, markings)) continue;
      items.push(version);
      if (items.length === narrowed.limit) {
        const more = page.next !== undefined || version !== page.items[page.items.length - 1];
        return { items, ...(more ? { resumeAfter: version.added } : {}) };
      }
    }
    const last = page.items[page.items.length - 1];
    if (!page.next || !last) return { items };
    addedAfter = last.added;
  }
  return { items, ...(addedAfter ? { resumeAfter: addedAfter } : {}) };
}

/**
 * The request's filters intersected with the collection's saved filter; undefined when the
 * intersection is empty (nothing can match).
 */
export function narrowQuery<Q extends Omit<ObjectQuery, 'limit' | 'cursor'>>(
  collection: TaxiiCollection,
  query: Q,
): Q | undefined {
  const narrowed = { ...query };
  for (const key of ['types', 'createdBy'] as const) {
    const allowed = collection.filter[key];
    if (!allowed) continue;
    const wanted = query[key];
    const values = wanted ? wanted.filter((v) => allowed.includes(v)) : allowed;
    if (values.length === 0) return undefined;
    narrowed[key] = values;
  }
  return narrowed;
}

/**
 * Why a collection does not accept an object (its saved filter), or undefined when it does.
 * What a collection accepts is what it exposes.
 */
export function refusalOf(collection: TaxiiCollection, object: unknown): string | undefined {
  const { types, markings, createdBy } = collection.filter;
  if (typeof object !== 'object' || object === null) return undefined; // ingest names it
  const { type, created_by_ref: creator } = object as Record<string, unknown>;
  if (types && !types.includes(type as string))
    return `This collection accepts only objects of type ${types.join(', ')}.`;
  if (markings && !carriesMarking(object, markings))
    return `This collection accepts only objects marked ${markings.join(', ')}.`;
  if (createdBy && !createdBy.includes(creator as string))
    return `This collection accepts only objects created by ${createdBy.join(', ')}.`;
  return undefined;
}

function carriesMarking(object: object, markings: readonly string[]): boolean {
  const refs = (object as { object_marking_refs?: unknown }).object_marking_refs;
  return Array.isArray(refs) && refs.some((r) => markings.includes(r as string));
}
