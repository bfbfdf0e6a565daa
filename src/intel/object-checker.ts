import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { CheckAnswer, CheckRequest } from './check-thread.js';
import { siblingModule, startModuleWorker } from './module-worker.js';
import { checksOf, type ObjectCheck } from './object-checks.js';

/**
 * Validates the objects of large request bodies away from the thread that serves requests, so
 * that thread parses, applies policy and writes one envelope while the next is validated.
 */
export interface ObjectChecker {
  /**
   * The checks of the objects of a TAXII envelope's text, in order (`checks[i]` for
   * `objects[i]`); undefined when the text is not an envelope, is small enough to validate
   * inline, or could not be checked: the caller then validates as it parses.
   */
  checkEnvelope(text: string): Promise<ObjectCheck[] | undefined>;
  /** Ends the thread, if any; checks still under way resolve undefined. */
  close(): Promise<void>;
}

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
  private readonly waiting = new Map<number, (checks: ObjectCheck[] | undefined) => void>();
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

  checkEnvelope(text: string): Promise<ObjectCheck[] | undefined> {
    const worker = text.length >= this.minTextLength ? this.thread() : undefined;
    if (!worker) return Promise.resolve(undefined);
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(seq, resolve);
      if (this.waiting.size === 1) worker.ref(); // a check under way keeps the process alive
      worker.postMessage({ seq, text } satisfies CheckRequest);
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
      resolve(checked ? checksOf(checked) : undefined);
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
