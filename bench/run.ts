/**
 * `npm run bench [-- name...]`: runs each benchmark (`bench/<name>.bench.ts`) in its own
 * process, one after the other, so their memory and timings do not mix. Each prints its own
 * table; see docs/BENCHMARKS.md for the method and recorded results. `npm run bench` compiles
 * `src/` and `bench/` to `dist-bench/` first and runs the JavaScript, as `npm start` runs the
 * built node (tsx would measure its on-the-fly transform too).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const all = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.js'))
  .map((f) => f.slice(0, -'.bench.js'.length))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length > 0 ? all.filter((n) => wanted.includes(n)) : all;
const unknown = wanted.filter((n) => !all.includes(n));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ')}`);
  process.exit(2);
}
let failed = false;
for (const name of selected) {
  console.log(`\n## ${name}\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', join(benchDir, `${name}.bench.js`)], {
    stdio: 'inherit',
    env: process.env,
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
