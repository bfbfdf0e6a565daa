import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { CheckAnswer, CheckRequest } from './check-thread.js';
import { siblingModule, startModuleWorker } from './module-worker.js';
import {
  checkObjects,
  checksOf,
  sharedCount,
  type CheckedObjects,
  type ObjectCheck,
} from './object-checks.js';

/**
 * Validates the objects of large request bodies away from the thread that serves requests, so
 * that thread parses, applies policy and writes one envelope while the next is validated.
 */
export interface ObjectChecker {
  /**
   * Starts checking the objects of a TAXII envelope's text on another thread, which checks
   * `share` of them (0–1, from the first; default all) while this thread parses the same text;
   * {@link EnvelopeChecks.finish} checks the rest here. A share below 1 suits a thread that
   * would otherwise wait: a lone request.
   */
  checkEnvelope(text: string, options?: { share?: number }): EnvelopeChecks;
  /** Ends the thread, if any; checks still under way end without the thread's part. */
  close(): Promise<void>;
}

/** The checks of one envelope under way. */
export interface EnvelopeChecks {
  /**
   * Checks the objects left to this thread, then waits for the other thread's: `checks[i]` for
   * `objects[i]` (the objects this thread parsed from the same text), undefined where no check
   * was made (the text was small, or the other thread failed: ingest then validates those
   * itself); undefined when none was made at all.
   */
  finish(
    objects: readonly unknown[],
    stringsChecked: boolean,
  ): Promise<(ObjectCheck | undefined)[] | undefined>;
}

/** Checks of a text left to inline validation. */
const NO_CHECKS: EnvelopeChecks = { finish: () => Promise.resolve(undefined) };

export interface ThreadCheckerOptions {
  /** Texts shorter than this (UTF-16 units) are left to inline validation. Default 64 KiB. */
  minTextLength?: number;
  /** Threads that may die before the checker stops starting new ones. Default 3. */
  maxRestarts?: number;
  /** Heap limits of the thread (a thread that runs out dies; its checks are done inline). */
  resourceLimits?: ResourceLimits;
}

/**
 * An {@link ObjectChecker} with one worker thread (`check-thread.ts`), started on first use and
 * kept (unreferenced: an idle thread keeps no process alive). A thread that dies is replaced;
 * what it was checking is left to inline validation.
 */
export class ThreadObjectChecker implements ObjectChecker {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, (checked: CheckedObjects | undefined) => void>();
  private seq = 0;
  private deaths = 0;
  private closed = false;
  private readonly minTextLength: number;
  private readonly maxRestarts: number;

  constructor(private readonly options: ThreadCheckerOptions = {}) {
    this.minTextLength = options.minTextLength ?? 64 * 1024;
    this.maxRestarts = options.maxRestarts ?? 3;
  }

  /** Threads that have died (crashed or were killed) since this checker was made. */
  get failures(): number {
    return this.deaths;
  }

  checkEnvelope(text: string, options: { share?: number } = {}): EnvelopeChecks {
    const worker = text.length >= this.minTextLength ? this.thread() : undefined;
    if (!worker) return NO_CHECKS;
    const share = options.share ?? 1;
    const theirs = this.ask(worker, { seq: ++this.seq, text, share });
    return {
      finish: async (objects, stringsChecked) => {
        const split = sharedCount(objects.length, share);
        const own = checksOf(checkObjects(objects, split, objects.length, stringsChecked));
        const checked = await theirs;
        // The other thread parsed the same text: its part has `split` checks, unless it failed.
        const head = checked?.json.length === split ? checksOf(checked) : undefined;
        if (!head && own.length === 0) return undefined;
        return [...(head ?? new Array<undefined>(split).fill(undefined)), ...own];
      },
    };
  }

  /** The thread's answer to `request`; undefined if the thread could not give one. */
  private ask(worker: Worker, request: CheckRequest): Promise<CheckedObjects | undefined> {
    return new Promise((resolve) => {
      this.waiting.set(request.seq, resolve);
      if (this.waiting.size === 1) worker.ref(); // a check under way keeps the process alive
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.release();
    if (worker) await worker.terminate();
  }

  private thread(): Worker | undefined {
    if (this.worker || this.closed || this.deaths > this.maxRestarts) return this.worker;
    const worker = startModuleWorker(siblingModule('check-thread', import.meta.url), {
      ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
    });
    worker.unref();
    worker.on('message', ({ seq, checked }: CheckAnswer) => {
      const resolve = this.waiting.get(seq);
      if (!resolve) return;
      this.waiting.delete(seq);
      if (this.waiting.size === 0) worker.unref();
      resolve(checked);
    });
    worker.on('error', (error) => {
      console.error('object check thread failed; validating inline:', error.message);
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      if (!this.closed) this.deaths++;
      this.release();
    });
    this.worker = worker;
    return worker;
  }

  /** Forgets the thread; every check still waiting resolves undefined (validate inline). */
  private release(): void {
    this.worker = undefined;
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const resolve of waiting) resolve(undefined);
  }
}
