/**
 * Ingest and paged-read throughput of the ingest pipeline (parse → validate → policy → store)
 * on SQLite and PostgreSQL, with a raw SQLite insert of the same JSON as the same-run baseline.
 * Sizes: 100,000 and 1,000,000 indicators (scale with BENCH_SCALE, e.g. 0.1).
 * PostgreSQL runs when SHURA_BENCH_PG or SHURA_TEST_PG is set.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const sizes = [100_000, 1_000_000].map((n) => Math.max(1000, Math.round(n * scale)));
const backends = [
  'sqlite-raw',
  'sqlite',
  ...((process.env.SHURA_BENCH_PG ?? process.env.SHURA_TEST_PG) ? ['postgres'] : []),
];
const worker = fileURLToPath(new URL('./ingest-worker.js', import.meta.url));

interface Row {
  backend: string;
  count: number;
  ingestPerSec: number;
  readPerSec: number;
  peakRssMb: number;
}

const rows: Row[] = [];
for (const count of sizes) {
  for (const backend of backends) {
    const run = spawnSync(process.execPath, [worker, backend, String(count)], {
      encoding: 'utf8',
      env: process.env,
    });
    if (run.status !== 0) {
      console.error(`${backend} ${count} failed:\n${run.stderr}`);
      process.exitCode = 1;
      continue;
    }
    rows.push({
      backend,
      count,
      ...(JSON.parse(run.stdout.trim().split('\n').pop()!) as Omit<Row, 'backend' | 'count'>),
    });
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');
console.log(
  '| backend | objects | ingest objects/s | vs raw SQLite | paged read objects/s | vs raw SQLite | peak RSS MB |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const row of rows) {
  const raw = rows.find((r) => r.backend === 'sqlite-raw' && r.count === row.count);
  const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : '-');
  console.log(
    `| ${row.backend} | ${fmt(row.count)} | ${fmt(row.ingestPerSec)} | ${ratio(row.ingestPerSec, raw?.ingestPerSec)} | ${fmt(row.readPerSec)} | ${ratio(row.readPerSec, raw?.readPerSec)} | ${row.peakRssMb} |`,
  );
}
