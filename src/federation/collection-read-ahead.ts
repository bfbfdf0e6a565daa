import type { Viewer } from '../policy/viewer.js';
import type { Store } from '../store/store.js';
import { readCollection, type CollectionPage, type CollectionQuery } from './collection-reads.js';
import type { TaxiiCollection } from './taxii-collections.js';

export interface ReadAheadOptions {
  /** Versions kept at once, counted by each page's `limit` (the oldest page goes first). Default 16,000. */
  capacity?: number;
  /** A page read ahead and not asked for within this many milliseconds is dropped. Default 5,000. */
  ttlMs?: number;
  /** Milliseconds clock. Default `performance.now`. */
  now?: () => number;
}

/** A page read ahead: started soon after it is foreseen, or by the request that wants it. */
interface Ahead {
  readonly foreseen: number;
  /** The page's `limit`: what it may hold. */
  readonly weight: number;
  start(): Promise<{ page: CollectionPage; mark: string } | undefined>;
}

/**
 * Reads the next page of a collection while a paging client is still receiving and parsing
 * the last one (TAXII 2.1 §3.4: a client follows `next`, or `added_after` from the headers,
 * until `more` is false). Without it the server idles while the client parses ~700 KB, then
 * the client idles while the server reads; with it the two overlap.
 *
 * A page read ahead is served only to the exact request it was read for: the same collection
 * and saved filter, the same filters and bound, and the same viewer (its audience tokens), so
 * it holds nothing that request would not have read itself. It is served only when the
 * store's {@link Store.changeMark} has not moved since it was read (no version was written or
 * deleted since, by this process or another), and within `ttlMs`; otherwise the page is read
 * again. A store that cannot tell (`changeMark` undefined) gets no read-ahead. Audit events
 * are the caller's business when it serves a page, never when a page is read ahead.
 */
export class CollectionReadAhead {
  private readonly pages = new Map<string, Ahead>();
  private readonly capacity: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private closed = false;

  constructor(
    private readonly store: Store,
    options: ReadAheadOptions = {},
  ) {
    this.capacity = options.capacity ?? 16_000;
    this.ttlMs = options.ttlMs ?? 5000;
    this.now = options.now ?? (() => performance.now());
  }

  /** A page of the collection for the viewer: the one read ahead for it if still current. */
  async read(
    collection: TaxiiCollection,
    query: CollectionQuery,
    viewer: Viewer,
  ): Promise<CollectionPage> {
    const key = pageKey(collection, query, viewer);
    const ahead = this.pages.get(key);
    if (ahead) {
      this.pages.delete(key);
      const read = await ahead.start();
      const fresh = this.now() - ahead.foreseen <= this.ttlMs;
      if (read && fresh && read.mark === (await this.store.changeMark())) return read.page;
    }
    return readCollection(this.store, collection, query, viewer);
  }

  /**
   * Call after answering `page` to `query`: when the client is paging (the query starts after
   * a bound, as `next` and `added_after` do) and more follows, the next page is read as soon
   * as the event loop is free, for the request that will ask for it.
   */
  foresee(
    collection: TaxiiCollection,
    query: CollectionQuery,
    viewer: Viewer,
    page: CollectionPage,
  ): void {
    if (this.closed || query.addedAfter === undefined || page.resumeAfter === undefined) return;
    const next = { ...query, addedAfter: page.resumeAfter };
    const key = pageKey(collection, next, viewer);
    if (this.pages.has(key) || query.limit > this.capacity) return;
    let started: ReturnType<Ahead['start']> | undefined;
    const ahead: Ahead = {
      foreseen: this.now(),
      weight: query.limit,
      start: () => (started ??= this.readNow(collection, next, viewer)),
    };
    this.drop(ahead.weight);
    this.pages.set(key, ahead);
    setImmediate(() => {
      if (this.pages.get(key) === ahead) void ahead.start();
    });
  }

  /** Drops every page read ahead; none is read after this. */
  close(): void {
    this.closed = true;
    this.pages.clear();
  }

  /** The page with the mark taken before reading it; undefined when it cannot be kept. */
  private async readNow(
    collection: TaxiiCollection,
    query: CollectionQuery,
    viewer: Viewer,
  ): Promise<{ page: CollectionPage; mark: string } | undefined> {
    if (this.closed) return undefined;
    try {
      const mark = await this.store.changeMark();
      if (mark === undefined) return undefined;
      return { page: await readCollection(this.store, collection, query, viewer), mark };
    } catch {
      return undefined; // the request that wants this page reads it again and meets the error
    }
  }

  /** Drops expired pages, then the oldest until `room` more versions fit. */
  private drop(room: number): void {
    const now = this.now();
    let held = 0;
    for (const [key, ahead] of this.pages)
      if (now - ahead.foreseen > this.ttlMs) this.pages.delete(key);
      else held += ahead.weight;
    for (const [key, ahead] of this.pages) {
      if (held + room <= this.capacity) break;
      this.pages.delete(key);
      held -= ahead.weight;
    }
  }
}

/** Everything a page depends on besides the store's content, as one string. */
function pageKey(collection: TaxiiCollection, query: CollectionQuery, viewer: Viewer): string {
  return JSON.stringify([
    collection.id,
    sorted(collection.filter),
    sorted(query),
    viewer.tokens,
    viewer.withheld ?? [],
  ]);
}

/** An object's entries in key order, so two equal queries built differently give one key. */
function sorted(value: object): [string, unknown][] {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
