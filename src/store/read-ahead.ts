import type { Store } from './store.js';

export interface ReadAheadOptions {
  /** Versions kept at once, counted by each page's weight (its `limit`; the oldest goes first). Default 16,000. */
  capacity?: number;
  /** A page read ahead and not asked for within this many milliseconds is dropped. Default 5,000. */
  ttlMs?: number;
  /** Milliseconds clock. Default `performance.now`. */
  now?: () => number;
}

/** One kind of paged read: how a request is keyed, read and continued. */
export interface PagedRead<Q, P> {
  /** Everything the page depends on besides the store's content, as one string ({@link readKey}). */
  key(request: Q): string;
  read(request: Q): Promise<P>;
  /** The request for the page after `page`, when the client is paging and more follows. */
  after(request: Q, page: P): Q | undefined;
  /** What the page may hold (its `limit`), counted against the capacity. */
  weight(request: Q): number;
}

/** A page read ahead: started soon after it is foreseen, or by the request that wants it. */
interface Ahead<P> {
  readonly foreseen: number;
  readonly weight: number;
  start(): Promise<{ page: P; mark: string } | undefined>;
}

/**
 * Pages read ahead of the requests that will ask for them: while a paging client receives and
 * parses one page, the next is read for it, so the server and the client overlap instead of
 * taking turns. A page is kept under a key that must name everything it depends on besides
 * the store's content (the query with its bound or cursor, the viewer: see {@link readKey}),
 * and is served only while {@link Store.changeMark} has not moved since it was read (no version
 * written or deleted since, by this process or another) and within `ttlMs`; otherwise it is
 * read again. A store that cannot tell (`changeMark` undefined) gets no read-ahead. Audit
 * events are the caller's business when it serves a page, never when one is read ahead.
 */
export class ReadAhead<Q, P> {
  private readonly pages = new Map<string, Ahead<P>>();
  private readonly capacity: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private closed = false;

  constructor(
    private readonly store: Pick<Store, 'changeMark'>,
    private readonly paged: PagedRead<Q, P>,
    options: ReadAheadOptions = {},
  ) {
    this.capacity = options.capacity ?? 16_000;
    this.ttlMs = options.ttlMs ?? 5000;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * The page for `request`: the one read ahead for it if still current, else read now; then,
   * when the client is paging, the next page is read ahead for it.
   */
  async read(request: Q): Promise<P> {
    const page = await this.cachedOrRead(request);
    this.foreseeAfter(request, page);
    return page;
  }

  /**
   * When `page` answered a client that is paging and more follows, reads the next page as soon
   * as the event loop is free, for the request that will ask for it ({@link read} calls this).
   */
  foreseeAfter(request: Q, page: P): void {
    const next = this.paged.after(request, page);
    if (next === undefined || this.closed) return;
    const key = this.paged.key(next);
    const weight = this.paged.weight(next);
    if (this.pages.has(key) || weight > this.capacity) return;
    let started: ReturnType<Ahead<P>['start']> | undefined;
    const ahead: Ahead<P> = {
      foreseen: this.now(),
      weight,
      start: () => (started ??= this.readNow(next)),
    };
    this.drop(weight);
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

  /** The page read ahead for `request` if it is still current, else the page read now. */
  private async cachedOrRead(request: Q): Promise<P> {
    const key = this.paged.key(request);
    const ahead = this.pages.get(key);
    if (ahead) {
      this.pages.delete(key);
      const kept = await ahead.start();
      const fresh = this.now() - ahead.foreseen <= this.ttlMs;
      if (kept && fresh && kept.mark === (await this.store.changeMark())) return kept.page;
    }
    return this.paged.read(request);
  }

  /** The page with the mark taken before reading it; undefined when it cannot be kept. */
  private async readNow(request: Q): Promise<{ page: P; mark: string } | undefined> {
    if (this.closed) return undefined;
    try {
      const mark = await this.store.changeMark();
      if (mark === undefined) return undefined;
      return { page: await this.paged.read(request), mark };
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

/**
 * A key of the parts a page depends on; objects among them count by their defined entries in
 * key order, so two equal queries built differently give one key.
 */
export function readKey(...parts: unknown[]): string {
  return JSON.stringify(parts.map((part) => (isRecord(part) ? sorted(part) : part)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sorted(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
