import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The thread's program (CommonJS, evaluated): its own connection to the file, and a PASSIVE
 * checkpoint per request. PASSIVE never waits for locks: readers and the writer go on while
 * it copies committed WAL frames into the database file.
 */
const CHECKPOINT_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let error;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (caught) {
    error = String(caught);
  }
  parentPort.postMessage({ error });
});
`;

/** Rows written between two checkpoint requests. */
const ROWS_PER_CHECKPOINT = 2000;

/**
 * Checkpoints a SQLite file's write-ahead log on a thread of its own, so the thread serving
 * requests never stalls on one (a checkpoint of a busy log copies tens of megabytes; run by
 * the committing connection, as SQLite's auto-checkpoint does, it blocked every request for
 * up to ~180 ms). The thread starts on the first request. The writer keeps SQLite's
 * auto-checkpoint with a high threshold as a safety valve should this thread fall behind.
 */
export class SqliteCheckpointer {
  private worker: Worker | undefined;
  private rowsSinceRequest = 0;
  private inFlight = false;
  private closed = false;
  /** Checkpoints completed (for tests and diagnostics). */
  completed = 0;
  /** The last checkpoint failure, if any (SQLite's message). */
  lastError: string | undefined;

  constructor(private readonly path: string) {}

  /** Counts rows just committed; asks for a checkpoint once enough have accumulated. */
  written(rows: number): void {
    this.rowsSinceRequest += rows;
    if (this.rowsSinceRequest >= ROWS_PER_CHECKPOINT) this.request();
  }

  /** Asks the thread for a checkpoint now, unless one is under way. */
  request(): void {
    if (this.closed || this.inFlight) return;
    this.rowsSinceRequest = 0;
    this.inFlight = true;
    const worker = this.thread();
    worker.ref(); // held while a checkpoint is under way; an idle thread keeps nothing alive
    worker.postMessage('checkpoint');
  }

  /** Resolves when no checkpoint is under way. */
  async idle(): Promise<void> {
    while (this.inFlight) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Stops the thread (waiting for a checkpoint under way to finish). */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker || worker.threadId === -1) return; // never started, or already gone
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref();
    worker.postMessage('close');
    await exited;
    this.worker = undefined;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(CHECKPOINT_THREAD, {
      eval: true,
      workerData: { path: this.path, driver },
    });
    worker.unref();
    worker.on('message', (result: { error?: string }) => {
      this.inFlight = false;
      if (!this.closed) worker.unref();
      if (result.error === undefined) this.completed++;
      else this.lastError = result.error;
    });
    worker.on('error', (error) => {
      this.lastError = String(error);
    });
    // A thread that died (its error recorded) is replaced on the next request.
    worker.on('exit', () => {
      this.inFlight = false;
      if (this.worker === worker && !this.closed) this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }
}
