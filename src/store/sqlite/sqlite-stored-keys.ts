import type Database from 'better-sqlite3';
import { scanIdKeys } from './sqlite-key-scan.js';

/** Probes per key; with ≥ 10 bits a key, about 1% of absent keys look present. */
const PROBES = 4;
/** Bits per key the filter is sized for; it is rebuilt twice as large past {@link FULL_BITS_PER_KEY}. */
const BITS_PER_KEY = 16;
const FULL_BITS_PER_KEY = 10;
/** The smallest filter: 2^20 bits (128 KiB). */
const MIN_BITS = 2 ** 20;
/** 2^26: a 52-bit key splits into two 26-bit halves, the two hashes of double hashing. */
const HALF = 2 ** 26;
/**
 * The most versions one write reads back to bring a filter up to date (~13 ms at ~1.3 µs a
 * row); a filter further behind is dropped and built anew on its thread.
 */
const MAX_CATCH_UP = 10_000;

/**
 * A Bloom filter of the id keys (`sqlite-id-key.ts`) of every stored version: "certainly not
 * stored" lets the batch writer skip looking up the ids of new objects, most of a bulk
 * ingest's ids (the lookups were ~9% of the store's write time at 1M stored). It may answer
 * "maybe" for a key that is not stored, never "no" for one that is; the keys are 52 bits of
 * SHA-256, uniform, so their halves serve as the hashes.
 */
export class IdKeyFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;
  private count = 0;

  constructor(
    expectedKeys: number,
    /** The smallest size, in bits (a power of 2). Default 2^20; tests set fewer. */
    minBits = MIN_BITS,
  ) {
    let size = minBits;
    while (size < expectedKeys * BITS_PER_KEY) size *= 2;
    this.bits = new Uint32Array(size / 32);
    this.mask = size - 1;
  }

  /** True when more keys than it was sized for were added: build a larger one. */
  get full(): boolean {
    return this.count * FULL_BITS_PER_KEY > this.mask + 1;
  }

  add(key: number): void {
    const high = Math.floor(key / HALF);
    const low = key - high * HALF; // not %: on numbers past 2^31 that is a float modulo
    const step = high | 1;
    for (let i = 0; i < PROBES; i++) {
      const bit = (low + i * step) & this.mask;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.count++;
  }

  /** False only when `key` was never added. */
  mayHave(key: number): boolean {
    const high = Math.floor(key / HALF);
    const low = key - high * HALF;
    const step = high | 1;
    for (let i = 0; i < PROBES; i++) {
      const bit = (low + i * step) & this.mask;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** The versions one write transaction inserted: seqs `first`..`last`, their id keys in order. */
export interface InsertedKeys {
  first: number;
  last: number;
  keys: readonly number[];
}

/**
 * The {@link IdKeyFilter} of what is committed, for one connection's writes: built from the
 * two key tables on first use (or when full), then, at the start of each write transaction,
 * brought up to date from the versions added since it last looked (by `seq`, which only
 * grows): whatever another connection (a CLI import beside the server) committed meanwhile.
 * This writer's own batches are handed over once committed (`committed`), so they are not read
 * back. It only ever holds committed keys, so a rolled-back transaction leaves nothing to
 * undo. Keys of deleted versions stay in it: a "maybe" costs one lookup.
 *
 * On a file, the filter is built on a thread of its own (`scanIdKeys`): scanning every key
 * took ~0.4–1.4 s at 1.4M, which stalled the write that found the filter missing or full.
 * Until the first one is ready there is no filter (every id is looked up, as without one); a
 * full one keeps answering (with more "maybe"s) until its larger successor is ready. A filter
 * more than `maxCatchUp` versions behind is dropped and built anew there, rather than caught
 * up inside one write: the scan's messages only arrive between tasks, so a bulk import that
 * never yields to the event loop (or another process's import) can leave it 1M versions
 * behind, which took ~1 s to read back in the write that found it so.
 */
export class StoredKeys {
  /** The filter in use. */
  private live: TrackedFilter | undefined;
  /**
   * Its successor while a build runs: the keys scanned up to the build's seq, and from there on
   * kept current exactly as the live one, so it replaces it without reading anything back.
   */
  private next: TrackedFilter | undefined;
  /** Set by `close`: a build it stops is no failure. */
  private closed = false;
  /** The build under way on its own thread, if any. */
  private building: { ended: Promise<void>; stop(): Promise<void> } | undefined;

  /** The database file, for builds on a thread of their own; undefined: build in this thread. */
  private path: string | undefined;
  /** The filter's smallest size in bits (tests set few, to fill it). */
  private readonly minBits: number | undefined;
  /** Versions a filter may be behind and still be caught up in a write (tests set few). */
  private readonly maxCatchUp: number;

  constructor(
    private readonly stmt: (sql: string) => Database.Statement,
    options: StoredKeysOptions = {},
  ) {
    this.path = options.path;
    this.minBits = options.minBits;
    this.maxCatchUp = options.maxCatchUp ?? MAX_CATCH_UP;
  }

  /**
   * The filter, current, or undefined while the first one is being built (look every id up);
   * call inside the write transaction, before reading what is stored.
   */
  current(): IdKeyFilter | undefined {
    if (this.path === undefined && (!this.live || this.live.filter.full)) this.build();
    if (this.live || this.next) {
      const newest =
        (this.stmt('SELECT max(seq) FROM versions').pluck().get() as number | null) ?? 0;
      this.live = this.upToDate(this.live, newest);
      this.next = this.upToDate(this.next, newest); // dropped: the build under way feeds nothing
    }
    const filter = this.live?.filter;
    if (this.path !== undefined && (!filter || filter.full)) this.buildInBackground(this.path);
    return filter;
  }

  /** Resolves when no build is under way (tests, and closing). */
  async idle(): Promise<void> {
    while (this.building) await this.building.ended.catch(() => undefined);
  }

  /** Stops a build under way; call before the connection closes. */
  async close(): Promise<void> {
    this.closed = true;
    await this.building?.stop();
  }

  /**
   * Takes the keys of versions `first`..`last` once their transaction has committed, so the
   * next `current()` need not read them back; ignored by a filter they do not directly follow
   * (`current()` reads the gap, and these with it).
   */
  committed({ first, last, keys }: InsertedKeys): void {
    for (const tracked of [this.live, this.next]) {
      if (!tracked || first !== tracked.upTo + 1) continue;
      for (const key of keys) tracked.filter.add(key);
      tracked.upTo = last;
    }
  }

  /**
   * `tracked` holding the keys up to `newest` (the highest stored seq): as it is when the
   * handovers kept it so (most writes read nothing), else with the versions committed since
   * read back, or undefined when, on a file, that is more than `maxCatchUp` of them.
   */
  private upToDate(tracked: TrackedFilter | undefined, newest: number): TrackedFilter | undefined {
    if (!tracked || tracked.upTo >= newest) return tracked;
    if (this.path !== undefined && newest - tracked.upTo > this.maxCatchUp) return undefined;
    this.catchUp(tracked);
    return tracked;
  }

  /** Adds the keys of the versions committed after what `tracked` holds. */
  private catchUp(tracked: TrackedFilter): void {
    const added = this.stmt('SELECT seq, id_key FROM versions WHERE seq > ? ORDER BY seq')
      .raw()
      .all(tracked.upTo) as [number, number][];
    for (const [seq, key] of added) {
      tracked.filter.add(key);
      tracked.upTo = seq;
    }
  }

  private build(): void {
    const count = this.stmt(
      'SELECT (SELECT COUNT(*) FROM version_keys) + (SELECT COUNT(*) FROM fresh_version_keys)',
    )
      .pluck()
      .get() as number;
    const filter = new IdKeyFilter(count, this.minBits);
    const keys = this.stmt(
      'SELECT id_key FROM version_keys UNION ALL SELECT id_key FROM fresh_version_keys',
    )
      .pluck()
      .iterate() as IterableIterator<number>;
    for (const key of keys) filter.add(key); // streamed: no array of every key at once
    const last = this.stmt('SELECT max(seq) FROM versions').pluck().get() as number | null;
    this.live = { filter, upTo: last ?? 0 };
  }

  /**
   * Starts a build on a thread of its own unless one is under way; the filter it makes replaces
   * the live one when the scan is done (between transactions: messages arrive on the event
   * loop). Sized for twice the keys found, so it fills after as many more. A build that fails
   * leaves the builds to this thread from then on.
   */
  private buildInBackground(path: string): void {
    if (this.building) return;
    const building = scanIdKeys(path, {
      start: (total, upTo) => {
        this.next = { filter: new IdKeyFilter(2 * total, this.minBits), upTo };
      },
      keys: (chunk) => {
        const filter = this.next?.filter;
        if (filter) for (const key of chunk) filter.add(key);
      },
      done: () => {
        if (!this.next) return; // dropped, too far behind: a later write starts another build
        this.live = this.next;
        this.next = undefined;
      },
    });
    this.building = building;
    building.ended
      .catch((error: unknown) => {
        this.next = undefined;
        if (this.closed) return;
        console.error('SQLite id key filter: the scan on its own thread failed:', error);
        this.path = undefined;
      })
      .finally(() => {
        if (this.building === building) this.building = undefined;
      });
  }
}

export interface StoredKeysOptions {
  /** The database file, to build filters on a thread of their own; undefined: in this thread. */
  path?: string | undefined;
  /** The filter's smallest size in bits (tests set few, to fill it). */
  minBits?: number | undefined;
  /** Versions a filter may be behind and still be caught up in a write (tests set few). */
  maxCatchUp?: number | undefined;
}

/** A filter and the highest `seq` whose key it holds. */
interface TrackedFilter {
  filter: IdKeyFilter;
  upTo: number;
}
