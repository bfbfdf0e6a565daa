/**
 * The server side of `taxii.bench.ts`, in its own process (forked, with an IPC channel): a
 * SQLite node preloaded with synthetic indicators, served over HTTP on loopback, plus the
 * same-run baselines measured without HTTP (`Store.queryObjects` pages and `ingest()`).
 * `taxii-worker.ts <preload count>`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../src/http/server.js';
import { issueApiKey } from '../src/identity/api-keys.js';
import { initializeNode } from '../src/identity/initialize-node.js';
import { createUser } from '../src/identity/organizations.js';
import { organizationViewer } from '../src/identity/viewer-of.js';
import { ingest } from '../src/intel/ingest.js';
import { ThreadObjectChecker } from '../src/intel/object-checker.js';
import { audienceOf } from '../src/policy/audience.js';
import type { StixObject } from '../src/stix/types.js';
import { versionKey } from '../src/stix/versioning.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { ObjectWrite } from '../src/store/store.js';
import { syntheticIndicator } from './synthetic-indicators.js';

/** Messages from the bench process, and what this worker answers. */
export type WorkerRequest =
  | { kind: 'raw-read'; after: string; objects: number }
  | { kind: 'raw-ingest'; from: number; count: number }
  | { kind: 'raw-put'; from: number; count: number }
  | { kind: 'stop' };
export interface Ready {
  kind: 'ready';
  url: string;
  /** The same node served with every object validated on the serving thread (no check thread). */
  inlineUrl: string;
  adminKey: string;
  syncKey: string;
  /** `added` of the last preloaded version: what is posted later is added after it. */
  after: string;
  preloadPerSec: number;
}
export interface Measured {
  kind: 'measured';
  objects: number;
  seconds: number;
  pageMs: number[];
}

const preload = Number(process.argv[2] ?? '900000');
const dir = mkdtempSync(join(tmpdir(), 'shura-taxii-bench-'));
const store = SqliteStore.open(join(dir, 'bench.db'));
await store.migrate();
const now = new Date();
const { organization, apiKey } = await initializeNode({
  store,
  now,
  organizationName: 'Bench CERT',
});
const peer = await createUser(store, organization.id, 'peer-node', 'sync', now);
const syncKey = (await issueApiKey(store, peer.id, now)).secret;
const viewer = await organizationViewer(store, organization.id);

/** Synthetic indicators [from, from + count) through the ingest pipeline, as a relay. */
async function load(from: number, count: number): Promise<number> {
  const t0 = performance.now();
  for (let start = from; start < from + count; start += 1000) {
    const items = [];
    for (let n = start; n < Math.min(start + 1000, from + count); n++)
      items.push({ index: n - start, value: syntheticIndicator(n) });
    const report = await ingest(items, { store, submittedBy: organization.id, relay: true });
    if (report.totals.rejected > 0) throw new Error(`preload rejected ${report.totals.rejected}`);
  }
  return (performance.now() - t0) / 1000;
}

/**
 * The store's share alone: the same kind of indicators as `Store.putObjects` batches of 1,000,
 * built before the clock starts (no parsing, validation, policy or audit): the floor the write
 * path stands on. Audiences from policy, as `ingest()` gives relayed objects.
 */
async function put(from: number, count: number): Promise<number> {
  const batches: ObjectWrite[][] = [];
  for (let start = from; start < from + count; start += 1000) {
    const batch: ObjectWrite[] = [];
    for (let n = start; n < Math.min(start + 1000, from + count); n++) {
      const object = syntheticIndicator(n) as unknown as StixObject;
      batch.push({
        object,
        version: versionKey(object),
        audience: audienceOf(object, { ownerOrganizationId: organization.id, relayed: true }),
        submittedBy: organization.id,
      });
    }
    batches.push(batch);
  }
  const t0 = performance.now();
  for (const batch of batches) await store.putObjects(batch);
  return (performance.now() - t0) / 1000;
}

const preloadSeconds = await load(0, preload);
const [last] = await store.getObject(String(syntheticIndicator(preload - 1).id), viewer);
if (!last) throw new Error('the last preloaded object is not visible');

const serve = async (objectChecker?: ThreadObjectChecker) => {
  const server = buildServer({
    store,
    clock: () => new Date(),
    maxBodyBytes: 64 * 1024 * 1024,
    maxObjectsPerRequest: 100_000,
    objectChecker,
  });
  await server.listen({ host: '127.0.0.1', port: 0 });
  return { server, port: (server.server.address() as AddressInfo).port };
};
const { server: app, port } = await serve();
// No text is long enough for this checker's thread: every envelope is validated inline.
const inline = await serve(new ThreadObjectChecker({ minTextLength: Number.POSITIVE_INFINITY }));

process.on('message', (message: WorkerRequest) => {
  void (async () => {
    if (message.kind === 'stop') {
      await Promise.all([app.close(), inline.server.close()]);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
    if (message.kind === 'raw-ingest' || message.kind === 'raw-put') {
      const seconds = await (message.kind === 'raw-put' ? put : load)(message.from, message.count);
      process.send!({
        kind: 'measured',
        objects: message.count,
        seconds,
        pageMs: [],
      } satisfies Measured);
      return;
    }
    const pageMs: number[] = [];
    let objects = 0;
    let cursor: string | undefined;
    const t0 = performance.now();
    do {
      const t = performance.now();
      const page = await store.queryObjects(
        { addedAfter: message.after, limit: 1000, ...(cursor ? { cursor } : {}) },
        viewer,
      );
      pageMs.push(performance.now() - t);
      objects += page.items.length;
      cursor = page.next;
    } while (cursor && objects < message.objects);
    const seconds = (performance.now() - t0) / 1000;
    process.send!({ kind: 'measured', objects, seconds, pageMs } satisfies Measured);
  })();
});

process.send!({
  kind: 'ready',
  url: `http://127.0.0.1:${port}`,
  inlineUrl: `http://127.0.0.1:${inline.port}`,
  adminKey: apiKey,
  syncKey,
  after: last.added,
  preloadPerSec: Math.round(preload / preloadSeconds),
} satisfies Ready);
