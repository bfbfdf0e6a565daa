/**
 * One measurement of `ingest.bench.ts`, in its own process so peak RSS is its own:
 * `ingest-worker.ts <sqlite|postgres|sqlite-raw> <count>` prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ingest } from '../src/intel/ingest.js';
import { parseStixInput } from '../src/intel/parse-input.js';
import { memberViewer } from '../src/policy/viewer.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { syntheticIndicator } from './synthetic-indicators.js';

const [backend = 'sqlite', countText = '100000'] = process.argv.slice(2);
const count = Number(countText);
const BATCH = 1000;
const ORG = 'bench-org';

function batchText(start: number): string {
  const lines: string[] = [];
  for (let n = start; n < Math.min(start + BATCH, count); n++)
    lines.push(JSON.stringify(syntheticIndicator(n)));
  return lines.join('\n');
}

const dir = mkdtempSync(join(tmpdir(), 'shura-bench-'));
let result: Record<string, number | string>;
try {
  result = backend === 'sqlite-raw' ? rawBaseline() : await pipeline();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  JSON.stringify({ ...result, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }),
);

async function pipeline(): Promise<Record<string, number | string>> {
  let store: Store;
  let schema: string | undefined;
  if (backend === 'postgres') {
    const url = process.env.SHURA_BENCH_PG ?? process.env.SHURA_TEST_PG;
    if (!url) throw new Error('set SHURA_BENCH_PG or SHURA_TEST_PG');
    schema = `shura_bench_${process.pid}`;
    store = await PostgresStore.connect(url, { schema });
  } else {
    store = SqliteStore.open(join(dir, 'bench.db'));
  }
  await store.migrate();
  let bytes = 0;
  const t0 = performance.now();
  for (let start = 0; start < count; start += BATCH) {
    const text = batchText(start);
    bytes += text.length;
    const report = await ingest(parseStixInput(text), {
      store,
      submittedBy: ORG,
      relay: true, // Third-party content (its own created_by_ref), as `shura import` loads it.
      batchSize: BATCH,
    });
    if (report.totals.rejected > 0)
      throw new Error(JSON.stringify(report.results.find((r) => r.status === 'rejected')));
  }
  const ingestSeconds = (performance.now() - t0) / 1000;
  const viewer = memberViewer(ORG);
  const t1 = performance.now();
  let read = 0;
  let cursor: string | undefined;
  do {
    const page = await store.queryObjects({ limit: 1000, ...(cursor ? { cursor } : {}) }, viewer);
    read += page.items.length;
    cursor = page.next;
  } while (cursor);
  const readSeconds = (performance.now() - t1) / 1000;
  if (read !== count) throw new Error(`read ${read} of ${count}`);
  await store.close();
  if (schema) await dropSchema(schema);
  return {
    ingestPerSec: Math.round(count / ingestSeconds),
    readPerSec: Math.round(read / readSeconds),
    avgBytes: Math.round(bytes / count),
  };
}

/** Baseline: the same JSON text into a one-table SQLite database with no validation or policy. */
function rawBaseline(): Record<string, number | string> {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'CREATE TABLE t (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, version TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (id, version))',
  );
  const insert = db.prepare('INSERT INTO t (id, version, body) VALUES (?, ?, ?)');
  const t0 = performance.now();
  for (let start = 0; start < count; start += BATCH) {
    const objects = batchText(start)
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; modified: string });
    db.transaction(() => {
      for (const o of objects) insert.run(o.id, o.modified, JSON.stringify(o));
    })();
  }
  const ingestSeconds = (performance.now() - t0) / 1000;
  const page = db.prepare('SELECT seq, body FROM t WHERE seq > ? ORDER BY seq LIMIT 1000');
  const t1 = performance.now();
  let last = 0;
  let read = 0;
  for (;;) {
    const rows = page.all(last) as { seq: number; body: string }[];
    if (rows.length === 0) break;
    for (const r of rows) JSON.parse(r.body);
    read += rows.length;
    last = rows[rows.length - 1]!.seq;
  }
  const readSeconds = (performance.now() - t1) / 1000;
  db.close();
  return {
    ingestPerSec: Math.round(count / ingestSeconds),
    readPerSec: Math.round(read / readSeconds),
  };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({
    connectionString: process.env.SHURA_BENCH_PG ?? process.env.SHURA_TEST_PG,
  });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
