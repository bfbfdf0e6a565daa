import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Slots of the shared state (Int32): what the two threads tell each other, without messages. */
const REQUESTED = 0; // checkpoints asked for (a sequence number)
const COMPLETED = 1; // the sequence number of the last checkpoint finished
const FAILED = 2; // checkpoints that failed
const STOP = 3; // 1: the thread closes its connection and ends

/**
 * The thread's program (CommonJS, evaluated): its own connection to the file; it sleeps until
 * a checkpoint is asked for, runs a PASSIVE one and records it in the shared state. PASSIVE
 * never waits for locks: readers and the writer go on while it copies committed WAL frames
 * into the database file. The serving thread reads the state synchronously, so a busy loop of
 * writes that never yields to the event loop still sees checkpoints finish.
 */
const CHECKPOINT_THREAD = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const state = new Int32Array(workerData.state);
const db = new Database(workerData.path, { fileMustExist: true });
let seen = 0;
for (;;) {
  Atomics.wait(state, ${REQUESTED}, seen);
  if (Atomics.load(state, ${STOP}) === 1) break;
  seen = Atomics.load(state, ${REQUESTED});
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    Atomics.add(state, ${FAILED}, 1);
  }
  Atomics.store(state, ${COMPLETED}, seen);
}
db.close();
`;

/** Rows written between two checkpoint requests. */
const ROWS_PER_CHECKPOINT = 2000;
/**
 * Commits after a request that each ask for one more pass: the small writes that follow a batch
 * (its audit events, a TAXII status resource) land while the pass runs, or just after it.
 */
const FOLLOW_UPS = 3;

/**
 * Checkpoints a SQLite file's write-ahead log on a thread of its own, so the thread serving
 * requests does not stall copying it (run by the committing connection, as SQLite's
 * auto-checkpoint does, a checkpoint of a busy log blocked every request for up to ~180 ms).
 *
 * The log only starts again from its beginning when a write transaction begins with every
 * frame copied. So a request is followed by passes for the next few writes, however small:
 * with one pass per 2,000 rows, the status resource written after each TAXII envelope left a
 * few frames uncopied every time, the log never restarted, and SQLite's auto-checkpoint in
 * the writer (kept, for a log that grows under writes that never pause) fired every ~5,000
 * frames, adding 15–35 ms (its fsyncs) to one POST in ~16. The thread starts on the first
 * request; requests made while a pass runs make it run once more, not once each.
 */
export class SqliteCheckpointer {
  private worker: Worker | undefined;
  private readonly state = new Int32Array(new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT));
  private rowsSinceRequest = 0;
  private followUps = 0;
  private closed = false;

  constructor(private readonly path: string) {}

  /** Checkpoints completed. */
  get completed(): number {
    return Atomics.load(this.state, COMPLETED);
  }

  /** Checkpoints that failed (SQLite errors; the next request tries again). */
  get failed(): number {
    return Atomics.load(this.state, FAILED);
  }

  /**
   * Counts rows just committed (the store calls it after its object, audit and single-statement
   * writes); asks for a checkpoint once enough have accumulated, and for one more after each of
   * the few commits that follow.
   */
  written(rows: number): void {
    this.rowsSinceRequest += rows;
    if (this.rowsSinceRequest >= ROWS_PER_CHECKPOINT) {
      this.followUps = FOLLOW_UPS;
      this.request();
    } else if (this.followUps > 0) {
      this.followUps--;
      this.request();
    }
  }

  /** Asks the thread for a checkpoint now (after the one under way, if any). */
  request(): void {
    if (this.closed) return;
    this.rowsSinceRequest = 0;
    this.thread();
    Atomics.add(this.state, REQUESTED, 1);
    Atomics.notify(this.state, REQUESTED);
  }

  /** Resolves when no checkpoint is under way. */
  async idle(): Promise<void> {
    while (this.underWay()) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Stops the thread (after the checkpoint under way, if any) and waits for it to end. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref();
    Atomics.store(this.state, STOP, 1);
    Atomics.add(this.state, REQUESTED, 1);
    Atomics.notify(this.state, REQUESTED);
    await exited;
  }

  private underWay(): boolean {
    return Atomics.load(this.state, COMPLETED) < Atomics.load(this.state, REQUESTED);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(CHECKPOINT_THREAD, {
      eval: true,
      workerData: { path: this.path, driver, state: this.state.buffer },
    });
    worker.unref(); // a sleeping checkpointer keeps nothing alive
    // A thread that died is replaced on the next request; what it was asked is written off.
    worker.on('error', () => Atomics.add(this.state, FAILED, 1));
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      Atomics.store(this.state, COMPLETED, Atomics.load(this.state, REQUESTED));
    });
    this.worker = worker;
    return worker;
  }
}
