import { ingest, type IngestOptions } from '../intel/ingest.js';
import type { Store } from '../store/store.js';
import { TaxiiClientError, type TaxiiClient } from './taxii-client.js';

/** Where the pull of one remote collection stands (a record of kind `taxii-pull-cursor`). */
export interface PullCursor {
  /** The `added_after` of the current pass (absent: from the beginning). */
  addedAfter?: string;
  /** The server's `next` for the page after the last one stored, while a pass is unfinished. */
  next?: string;
  /** `X-TAXII-Date-Added-Last` of the last page stored: where the next pass starts. */
  lastAdded?: string;
}

export interface PullOptions {
  store: Store;
  client: TaxiiClient;
  apiRoot: string;
  collectionId: string;
  /** Local organization that owns the pulled copies. */
  submittedBy: string;
  /** Objects per page (`limit`). Default 1,000. */
  pageSize?: number;
  /** Further ingest options (relay mode, audit caller, unmarked audience). */
  ingest?: Omit<IngestOptions, 'store' | 'submittedBy' | 'onProgress'>;
  /** Called after each page is stored. */
  onPage?: (page: { objects: number; stored: number }) => void;
}

export interface PullReport {
  pages: number;
  stored: number;
  unchanged: number;
  rejected: number;
  /** Per-object reasons of the rejected ones (id and message), first 100. */
  rejections: { id: string; message: string }[];
}

const KIND = 'taxii-pull-cursor';

/** The cursor record's id: the remote collection's objects URL. */
export function cursorId(apiRoot: string, collectionId: string): string {
  return new URL(`collections/${encodeURIComponent(collectionId)}/objects/`, apiRoot).toString();
}

/** Forgets where a pull stood, so the next one starts from the beginning. */
export function resetPull(store: Store, apiRoot: string, collectionId: string): Promise<boolean> {
  return store.deleteRecord(KIND, cursorId(apiRoot, collectionId));
}

/**
 * Pulls every object version of a remote collection this node has not pulled yet (TAXII 2.1
 * §5.4 with `match[version]=all`), page by page, into the local store through the ingest
 * pipeline. A pass follows the server's `next` from its `added_after`; once done, the next
 * pass starts after the last `X-TAXII-Date-Added-Last` seen.
 *
 * Resumable: the cursor is saved after each page is stored, so after a crash or a failure
 * (the client's retries exhausted) the next call carries on from the page after the last one
 * stored; a `next` the server no longer accepts falls back to `added_after` of the last page.
 * While a page is stored the next one is already being fetched (the `next` is known once a
 * page arrives), so the network and the remote server work while this node ingests.
 *
 * A page is stored once: the cursor moves past it as soon as it is stored, and should the
 * process die between the two, the page fetched again changes nothing (the store keeps one
 * copy of each version and answers `unchanged`).
 */
export async function pullCollection(options: PullOptions): Promise<PullReport> {
  const { store, client } = options;
  const id = cursorId(options.apiRoot, options.collectionId);
  let cursor = ((await store.getRecord(KIND, id)) as PullCursor | undefined) ?? {};
  const report: PullReport = { pages: 0, stored: 0, unchanged: 0, rejected: 0, rejections: [] };
  const fetchPage = (at: PullCursor) =>
    client.getObjects(options.apiRoot, options.collectionId, {
      limit: String(options.pageSize ?? 1000),
      'match[version]': 'all',
      ...(at.addedAfter ? { added_after: at.addedAfter } : {}),
      ...(at.next ? { next: at.next } : {}),
    });
  /** The page after the one being stored, asked for before storing it (or none yet). */
  let prefetched: ReturnType<typeof fetchPage> | undefined;
  for (;;) {
    let page;
    try {
      page = await (prefetched ?? fetchPage(cursor));
    } catch (error) {
      // An expired or refused `next`: restart the pass after the last page stored.
      if (!cursor.next || !(error instanceof TaxiiClientError) || error.transient) throw error;
      cursor = cursor.lastAdded ? { addedAfter: cursor.lastAdded } : {};
      await store.putRecord(KIND, id, cursor);
      continue;
    } finally {
      prefetched = undefined;
    }
    const lastAdded = page.dateAddedLast ?? cursor.lastAdded;
    const more = page.envelope.more === true && typeof page.envelope.next === 'string';
    if (more && page.envelope.next === cursor.next)
      throw new TaxiiClientError(
        'The server answered the same "next" again; stopping.',
        200,
        false,
      );
    const after: PullCursor = more
      ? {
          ...(cursor.addedAfter ? { addedAfter: cursor.addedAfter } : {}),
          next: page.envelope.next!,
          ...(lastAdded ? { lastAdded } : {}),
        }
      : {
          ...((lastAdded ?? cursor.addedAfter)
            ? { addedAfter: lastAdded ?? cursor.addedAfter }
            : {}),
        };
    // The next page travels while this one is stored. Its failure surfaces when it is awaited
    // (the next turn), after this page and the cursor past it are saved.
    if (more) {
      prefetched = fetchPage(after);
      prefetched.catch(() => undefined);
    }
    const objects = page.envelope.objects ?? [];
    const result = await ingest(
      objects.map((value, index) => ({ index, value })),
      { ...options.ingest, store, submittedBy: options.submittedBy },
    );
    report.pages++;
    report.stored += result.totals.stored;
    report.unchanged += result.totals.unchanged;
    report.rejected += result.totals.rejected;
    for (const r of result.results)
      if (r.status === 'rejected' && report.rejections.length < 100)
        report.rejections.push({
          id: r.id ?? `#${r.index}`,
          message: (r.errors ?? []).map((e) => e.message).join('; '),
        });
    cursor = after;
    await store.putRecord(KIND, id, cursor);
    options.onPage?.({ objects: objects.length, stored: result.totals.stored });
    if (!more) return report;
  }
}
