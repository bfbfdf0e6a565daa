import type { Viewer } from '../policy/viewer.js';
import { ReadAhead, readKey, type ReadAheadOptions } from '../store/read-ahead.js';
import type { Store } from '../store/store.js';
import { readCollection, type CollectionPage, type CollectionQuery } from './collection-reads.js';
import type { TaxiiCollection } from './taxii-collections.js';

export type { ReadAheadOptions };

/** A read of a collection by a viewer. */
interface CollectionRead {
  collection: TaxiiCollection;
  query: CollectionQuery;
  viewer: Viewer;
}

/** Options of a {@link CollectionReadAhead}. */
export interface CollectionReadAheadOptions<P> extends ReadAheadOptions {
  /**
   * What the caller makes of each page once read, for the viewer it was read for (e.g. the
   * bytes it will send): done with the read, so a page read ahead is also made ahead, while
   * the client is still busy with the last one. Default: the page itself.
   */
  finish?: (page: CollectionPage, viewer: Viewer) => P;
}

/**
 * Reads the next page of a collection while a paging client is still receiving and parsing
 * the last one (TAXII 2.1 §3.4: a client follows `next`, or `added_after` from the headers,
 * until `more` is false), through `store/read-ahead.ts`. A client is paging when its query
 * starts after a bound (`next` and `added_after` both do). A page read ahead is served only to
 * the exact request it was read for: the same collection and saved filter, the same filters
 * and bound, and the same viewer (its audience tokens), so it holds nothing that request would
 * not have read itself, and only while nothing was written or deleted since.
 */
export class CollectionReadAhead<P extends CollectionPage = CollectionPage> {
  private readonly ahead: ReadAhead<CollectionRead, P>;

  constructor(store: Store, options: CollectionReadAheadOptions<P> = {}) {
    const finish = options.finish ?? ((page: CollectionPage) => page as P);
    this.ahead = new ReadAhead(
      store,
      {
        key: ({ collection, query, viewer }) =>
          readKey(collection.id, collection.filter, query, viewer.tokens, viewer.withheld ?? []),
        read: async ({ collection, query, viewer }) =>
          finish(await readCollection(store, collection, query, viewer), viewer),
        after: (request, page) =>
          request.query.addedAfter !== undefined && page.resumeAfter !== undefined
            ? { ...request, query: { ...request.query, addedAfter: page.resumeAfter } }
            : undefined,
        weight: ({ query }) => query.limit,
      },
      options,
    );
  }

  /**
   * A page of the collection for the viewer: the one read ahead for it if still current; the
   * next one is read ahead when the client is paging.
   */
  read(collection: TaxiiCollection, query: CollectionQuery, viewer: Viewer): Promise<P> {
    return this.ahead.read({ collection, query, viewer });
  }

  /** Reads the page after `page` ahead, when the client is paging ({@link read} does this). */
  foresee(collection: TaxiiCollection, query: CollectionQuery, viewer: Viewer, page: P): void {
    this.ahead.foreseeAfter({ collection, query, viewer }, page);
  }

  /** Drops every page read ahead; none is read after this. */
  close(): void {
    this.ahead.close();
  }
}
