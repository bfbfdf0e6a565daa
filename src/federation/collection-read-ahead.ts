import type { Viewer } from '../policy/viewer.js';
import { ReadAhead, readKey, type ReadAheadOptions } from '../store/read-ahead.js';
import type { Store } from '../store/store.js';
import { readCollection, type CollectionPage, type CollectionQuery } from './collection-reads.js';
import type { TaxiiCollection } from './taxii-collections.js';

export type { ReadAheadOptions };

/**
 * Reads the next page of a collection while a paging client is still receiving and parsing
 * the last one (TAXII 2.1 §3.4: a client follows `next`, or `added_after` from the headers,
 * until `more` is false), through `store/read-ahead.ts`. A page read ahead is served only to
 * the exact request it was read for: the same collection and saved filter, the same filters
 * and bound, and the same viewer (its audience tokens), so it holds nothing that request
 * would not have read itself, and only while nothing was written or deleted since.
 */
export class CollectionReadAhead {
  private readonly ahead: ReadAhead<CollectionPage>;

  constructor(
    private readonly store: Store,
    options: ReadAheadOptions = {},
  ) {
    this.ahead = new ReadAhead(store, options);
  }

  /** A page of the collection for the viewer: the one read ahead for it if still current. */
  read(
    collection: TaxiiCollection,
    query: CollectionQuery,
    viewer: Viewer,
  ): Promise<CollectionPage> {
    return this.ahead.read(pageKey(collection, query, viewer), () =>
      readCollection(this.store, collection, query, viewer),
    );
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
    if (query.addedAfter === undefined || page.resumeAfter === undefined) return;
    const next = { ...query, addedAfter: page.resumeAfter };
    this.ahead.foresee(pageKey(collection, next, viewer), next.limit, () =>
      readCollection(this.store, collection, next, viewer),
    );
  }

  /** Drops every page read ahead; none is read after this. */
  close(): void {
    this.ahead.close();
  }
}

/** Everything a page depends on besides the store's content. */
function pageKey(collection: TaxiiCollection, query: CollectionQuery, viewer: Viewer): string {
  return readKey(collection.id, collection.filter, query, viewer.tokens, viewer.withheld ?? []);
}
