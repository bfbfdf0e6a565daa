/**
 * TAXII 2.1 over HTTP (issue 3): POST 100,000 synthetic indicators in envelopes of 1,000 (half
 * one request at a time, half two at a time), then GET them back in pages of 1,000 (following
 * `next`, and by `added_after` = X-TAXII-Date-Added-Last with the next page asked for on the
 * headers), with 1,000,000 objects stored (900,000 preloaded). Reports objects/s and p50/p99
 * latency per envelope and per page, next to same-run baselines: the REST endpoint for the
 * same pages, `Store.queryObjects` and `ingest()` without HTTP. The client is `node:http` with
 * keep-alive (`http-client.ts`). `BENCH_SCALE` shrinks every count (e.g. 0.05). Prints a markdown table.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVE_NODE_FLAGS } from '../src/cli/node-flags.js';
import { closeConnections, send } from './http-client.js';
import { syntheticIndicator } from './synthetic-indicators.js';
import type { Measured, Ready, WorkerRequest } from './taxii-worker.js';

const TAXII = 'application/taxii+json;version=2.1';
const scale = Number(process.env.BENCH_SCALE ?? '1');
/** Posted to the node as it serves (the measure), and as many again to its inline twin. */
const posted = Math.max(2000, Math.round(100_000 * scale));
/** Envelopes of 1,000 posted to each before the clock starts (the check thread and the JIT warm). */
const WARM_UP = 5;
const preload = Math.max(1000, Math.round(1_000_000 * scale) - 2 * posted - 2000 * WARM_UP);

const worker = fork(
  fileURLToPath(new URL('./taxii-worker.js', import.meta.url)),
  [String(preload)],
  {
    // The server process runs with the flags `npm start` gives the node. BENCH_NODE_FLAGS
    // replaces them (space-separated; "-" for none), to compare; BENCH_CPU_PROF=<dir> writes a
    // CPU profile of the server process there.
    execArgv: [
      ...(process.env.BENCH_NODE_FLAGS === undefined
        ? SERVE_NODE_FLAGS
        : process.env.BENCH_NODE_FLAGS.split(' ').filter((flag) => flag !== '-' && flag !== '')),
      ...(process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  },
);
const next = <T>(): Promise<T> =>
  new Promise((resolve, reject) => {
    worker.once('message', (m) => resolve(m as T));
    worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
const ask = (request: WorkerRequest) => {
  const answer = next<Measured>();
  worker.send(request);
  return answer;
};

console.error(`preloading ${preload.toLocaleString('en-US')} indicators…`);
const ready = await next<Ready>();
const collection = (url: string) => `${url}/taxii2/api1/collections/default`;
const root = collection(ready.url);

// POST: the envelopes are serialized before the clock starts (client work, not the server's).
const envelopes: { body: string; objects: number }[] = [];
const postedTotal = 2 * posted + 2000 * WARM_UP;
for (let start = preload; start < preload + postedTotal; start += 1000) {
  const objects = [];
  for (let n = start; n < Math.min(start + 1000, preload + postedTotal); n++)
    objects.push(syntheticIndicator(n));
  envelopes.push({ body: JSON.stringify({ objects }), objects: objects.length });
}
/**
 * POSTs envelopes, `inFlight` requests at a time (each poster sends its next envelope when the
 * answer to its last one has arrived); every answer must be 202 with a `complete` status.
 */
async function post(
  url: string,
  toPost: readonly { body: string; objects: number }[],
  inFlight: number,
) {
  const pageMs: number[] = [];
  let taken = 0;
  const poster = async () => {
    while (taken < toPost.length) {
      const { body } = toPost[taken++]!;
      const t = performance.now();
      const res = await send(`${url}/objects/`, {
        method: 'POST',
        headers: { accept: TAXII, 'content-type': TAXII, authorization: `Bearer ${ready.syncKey}` },
        body,
      });
      const status = (await res.json()) as {
        status: string;
        success_count: number;
        total_count: number;
      };
      pageMs.push(performance.now() - t);
      if (
        res.status !== 202 ||
        status.status !== 'complete' ||
        status.success_count !== status.total_count
      )
        throw new Error(`POST answered ${res.status}: ${JSON.stringify(status).slice(0, 300)}`);
    }
  };
  const objects = toPost.reduce((n, envelope) => n + envelope.objects, 0);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, poster));
  return { objects, seconds: (performance.now() - t0) / 1000, pageMs };
}
type Measure = { objects: number; seconds: number; pageMs: number[] };
/**
 * POSTs `measured` to the node and `baseline` to its inline twin (the same store, every
 * object validated on the serving thread), in alternating chunks of 10 envelopes, the order
 * of each pair swapped every time, so both see the same phases of a noisy machine.
 */
async function postAlternating(
  measured: typeof envelopes,
  baseline: typeof envelopes,
  inFlight: number,
): Promise<[Measure, Measure]> {
  const sum: [Measure, Measure] = [
    { objects: 0, seconds: 0, pageMs: [] },
    { objects: 0, seconds: 0, pageMs: [] },
  ];
  const runs: [0 | 1, string, typeof envelopes][] = [
    [0, root, measured],
    [1, collection(ready.inlineUrl), baseline],
  ];
  for (let from = 0, pair = 0; from < measured.length; from += 10, pair++) {
    for (const [slot, url, list] of pair % 2 === 0 ? runs : [...runs].reverse()) {
      const m = await post(url, list.slice(from, from + 10), inFlight);
      const total = sum[slot];
      total.objects += m.objects;
      total.seconds += m.seconds;
      total.pageMs.push(...m.pageMs);
    }
  }
  return sum;
}
// The first `posted` objects go to the node, the next `posted` to its inline twin; of each,
// half one envelope at a time (one client), half two at a time (two clients).
const warmUp = envelopes.splice(0, 2 * WARM_UP);
await post(root, warmUp.slice(0, WARM_UP), 2);
await post(collection(ready.inlineUrl), warmUp.slice(WARM_UP), 2);
const perNode = envelopes.length / 2;
const quarter = Math.ceil(perNode / 2);
const [postOne, postOneInline] = await postAlternating(
  envelopes.slice(0, quarter),
  envelopes.slice(perNode, perNode + quarter),
  1,
);
const [postTwo, postTwoInline] = await postAlternating(
  envelopes.slice(quarter, perNode),
  envelopes.slice(perNode + quarter),
  2,
);

/** Pages of 1,000 through an HTTP listing that follows `next`. */
async function pages(url: (next?: string) => string, headers: Record<string, string>) {
  const pageMs: number[] = [];
  let objects = 0;
  let cursor: string | undefined;
  const t0 = performance.now();
  do {
    const t = performance.now();
    const res = await send(url(cursor), { headers });
    const text = await res.text();
    pageMs.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`GET answered ${res.status}: ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { objects?: unknown[]; more: boolean; next?: string };
    objects += body.objects?.length ?? 0;
    cursor = body.more && objects < posted ? body.next : undefined;
  } while (cursor);
  return { objects, seconds: (performance.now() - t0) / 1000, pageMs };
}

/**
 * Pages of 1,000 read the other way TAXII 2.1 §3.5 offers: each request is `added_after` the
 * X-TAXII-Date-Added-Last header of the answer before. A client can then ask for the next
 * page as soon as an answer's headers arrive, and parse that answer while the server reads
 * the next one (the next page is asked for before `more` is known; the last, empty, answer is
 * read and dropped). Page latency: from a page's request to its last byte.
 */
async function pipelinedPages(url: (after: string) => string, headers: Record<string, string>) {
  const pageMs: number[] = [];
  let objects = 0;
  const request = (after: string) => {
    const t = performance.now();
    return send(url(after), { headers }).then((res) => ({ res, t }));
  };
  const t0 = performance.now();
  let current = request(ready.after);
  for (;;) {
    const { res, t } = await current;
    const last = res.headers.get('x-taxii-date-added-last');
    const next = res.status === 200 && last ? request(last) : undefined;
    const text = await res.text();
    pageMs.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`GET answered ${res.status}: ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { objects?: unknown[]; more?: boolean };
    objects += body.objects?.length ?? 0;
    if (!body.more || !next || objects >= posted) {
      if (next) await (await next).res.text();
      break;
    }
    current = next;
  }
  return { objects, seconds: (performance.now() - t0) / 1000, pageMs };
}

const auth = { authorization: `Bearer ${ready.adminKey}` };
const taxiiPages = () =>
  pages(
    (n) =>
      `${root}/objects/?limit=1000&added_after=${ready.after}${n ? `&next=${encodeURIComponent(n)}` : ''}`,
    { ...auth, accept: TAXII },
  );
const taxiiPipelined = () =>
  pipelinedPages((after) => `${root}/objects/?limit=1000&added_after=${after}`, {
    ...auth,
    accept: TAXII,
  });
const restPages = () =>
  pages(
    (n) =>
      `${ready.url}/api/v1/objects?limit=1000&added_after=${ready.after}${n ? `&next=${encodeURIComponent(n)}` : ''}`,
    auth,
  );
// Each read is measured on its second pass: the first warms the JIT and the page cache, so
// the order of the three measures does not favour the later ones (a node in service is warm).
await taxiiPages();
const taxiiGet = await taxiiPages();
await taxiiPipelined();
const taxiiGetPipelined = await taxiiPipelined();
await restPages();
const restGet = await restPages();
await ask({ kind: 'raw-read', after: ready.after, objects: posted });
const rawRead = await ask({ kind: 'raw-read', after: ready.after, objects: posted });
const rawIngest = await ask({ kind: 'raw-ingest', from: preload + postedTotal, count: posted });
const rawPut = await ask({ kind: 'raw-put', from: preload + postedTotal + posted, count: posted });
worker.send({ kind: 'stop' } satisfies WorkerRequest);
closeConnections();

const readBack = [taxiiGet, taxiiGetPipelined, restGet, rawRead].map((m) => m.objects);
if (readBack.some((n) => n !== posted))
  throw new Error(`read back ${readBack.join(' / ')}, posted ${posted}`);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const row = (
  what: string,
  m: { objects: number; seconds: number; pageMs: number[] },
  baseline?: { objects: number; seconds: number },
) => {
  const rate = m.objects / m.seconds;
  const vs = baseline ? `${(rate / (baseline.objects / baseline.seconds)).toFixed(2)}×` : '1.00×';
  const lat = m.pageMs.length
    ? `${percentile(m.pageMs, 50).toFixed(1)} | ${percentile(m.pageMs, 99).toFixed(1)}`
    : '- | -';
  console.log(`| ${what} | ${fmt(m.objects)} | ${fmt(rate)} | ${lat} | ${vs} |`);
};

console.log(
  `Stored while measuring: ${fmt(preload)} preloaded + ${fmt(postedTotal)} posted (preload through ingest(): ${fmt(ready.preloadPerSec)} objects/s).\n`,
);
console.log(
  '| measure (pages/envelopes of 1,000) | objects | objects/s | p50 ms | p99 ms | vs baseline |',
);
console.log('|---|---:|---:|---:|---:|---:|');
row('baseline: `ingest()` in process, no HTTP', { ...rawIngest, pageMs: [] });
row(
  'floor: `Store.putObjects` alone, writes built beforehand',
  { ...rawPut, pageMs: [] },
  rawIngest,
);
row('TAXII POST envelopes → 202 status (complete), 1 in flight', postOne, rawIngest);
row('TAXII POST envelopes → 202 status (complete), 2 in flight', postTwo, rawIngest);
row('baseline: POST, 1 in flight, validated on the serving thread', postOneInline, rawIngest);
row('baseline: POST, 2 in flight, validated on the serving thread', postTwoInline, rawIngest);
row('baseline: `Store.queryObjects` pages, no HTTP', rawRead);
row('TAXII GET objects pages (`added_after` + `next`)', taxiiGet, rawRead);
row(
  'TAXII GET objects pages, next page asked on headers (`added_after` = X-TAXII-Date-Added-Last, §3.5)',
  taxiiGetPipelined,
  rawRead,
);
row('REST GET /api/v1/objects pages (same query)', restGet, rawRead);
console.log(
  `\nThe check thread, POST rate against the inline twin in the same alternating run: ${(postOne.objects / postOne.seconds / (postOneInline.objects / postOneInline.seconds)).toFixed(2)}× (1 in flight), ${(postTwo.objects / postTwo.seconds / (postTwoInline.objects / postTwoInline.seconds)).toFixed(2)}× (2 in flight).\n`,
);
