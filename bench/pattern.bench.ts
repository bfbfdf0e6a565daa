/**
 * Bulk pattern matching (src/pattern/bulk-matcher.ts): 100,000 indicators (60% hash equality,
 * 25% IPv4 address or CIDR, 10% domain or URL, 5% compound with AND, FOLLOWEDBY, MATCHES)
 * against 1,000,000 observations given as `type,value` lines, and 100,000 observed-data
 * objects. The same-run baseline evaluates every pattern one by one on a sample of the
 * observations (the naive path), and the sample's results are checked against the bulk ones.
 * Sizes scale with BENCH_SCALE (e.g. 0.01). One process, one thread.
 */
import { compilePattern, type CompiledPattern } from '../src/pattern/match-pattern.js';
import { compileBulkMatcher } from '../src/pattern/bulk-matcher.js';
import { observationOfObservedData, type Observation } from '../src/pattern/observation.js';
import { observationOfLine } from '../src/pattern/observation-line.js';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const INDICATORS = Math.max(1000, Math.round(100_000 * scale));
const LINES = Math.max(10_000, Math.round(1_000_000 * scale));
const OBJECTS = Math.max(1000, Math.round(100_000 * scale));
const SAMPLE = 20;
const HIT_RATE = 0.01;

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(2017);
const int = (n: number) => Math.floor(random() * n);
const hex = (length: number) => {
  let out = '';
  while (out.length < length) out += int(0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, length);
};
const ip = () => `${1 + int(223)}.${int(256)}.${int(256)}.${1 + int(254)}`;
const domain = () => `${hex(10)}.example.${['com', 'net', 'org'][int(3)]}`;
const HASHES = [
  ['MD5', 32],
  ['SHA-1', 40],
  ['SHA-256', 64],
] as const;

/** Values the observations draw their hits from, per line kind. */
const known = {
  hash: [] as string[],
  ip: [] as string[],
  domain: [] as string[],
  url: [] as string[],
};
const patterns: string[] = [];
for (let i = 0; i < INDICATORS; i++) {
  const slot = i % 100;
  if (slot < 60) {
    const [name, length] = HASHES[i % 3]!;
    const value = hex(length);
    known.hash.push(`file:hashes.'${name}',${value}`);
    patterns.push(`[file:hashes.'${name}' = '${value}']`);
  } else if (slot < 85) {
    const address = ip();
    if (slot < 80) {
      known.ip.push(`ipv4-addr,${address}`);
      patterns.push(`[ipv4-addr:value = '${address}']`);
    } else {
      const block = `${address.split('.').slice(0, 3).join('.')}.0/24`;
      known.ip.push(`ipv4-addr,${address}`);
      patterns.push(`[ipv4-addr:value ISSUBSET '${block}']`);
    }
  } else if (slot < 95) {
    const name = domain();
    if (slot % 2 === 0) {
      known.domain.push(`domain-name,${name}`);
      patterns.push(`[domain-name:value = '${name}']`);
    } else {
      const url = `http://${name}/${hex(8)}`;
      known.url.push(`url,${url}`);
      patterns.push(`[url:value = '${url}']`);
    }
  } else {
    const md5 = hex(32);
    const name = domain();
    const address = ip();
    patterns.push(
      [
        `[file:hashes.MD5 = '${md5}' AND file:name MATCHES '^invoice_[0-9]+\\\\.(exe|scr)$']`,
        `[ipv4-addr:value = '${address}'] FOLLOWEDBY [domain-name:value = '${name}']`,
        `([domain-name:value = '${name}'] AND [url:value MATCHES '^https?://${name.replaceAll('.', '\\\\.')}/']) WITHIN 600 SECONDS`,
        `[network-traffic:dst_ref.value = '${address}' AND network-traffic:dst_port = 443]`,
      ][i % 4]!,
    );
  }
}

function observationLine(): string {
  const kind = random();
  const hit = random() < HIT_RATE;
  const pick = (list: string[]) => list[int(list.length)]!;
  if (kind < 0.4) {
    if (hit) return pick(known.hash);
    const [name, length] = HASHES[int(3)]!;
    return `file:hashes.'${name}',${hex(length)}`;
  }
  if (kind < 0.8) return hit ? pick(known.ip) : `ipv4-addr,${ip()}`;
  if (kind < 0.9) return hit ? pick(known.domain) : `domain-name,${domain()}`;
  return hit ? pick(known.url) : `url,http://${domain()}/${hex(8)}`;
}
const lines = Array.from({ length: LINES }, observationLine);

function observedData(n: number): Record<string, unknown> {
  const line = observationLine();
  const [left, value] = [line.slice(0, line.indexOf(',')), line.slice(line.indexOf(',') + 1)];
  const sco = left.startsWith('file:')
    ? { type: 'file', name: `invoice_${n}.exe`, hashes: { [left.slice(13, -1)]: value } }
    : { type: left, value };
  const at = new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString();
  return {
    type: 'observed-data',
    id: `observed-data--00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    first_observed: at,
    last_observed: at,
    number_observed: 1,
    objects: {
      '0': sco,
      '1': { type: 'network-traffic', dst_ref: '2', dst_port: 443 },
      '2': { type: 'ipv4-addr', value: ip() },
    },
  };
}
const objects = Array.from({ length: OBJECTS }, (_, n) => observedData(n));

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let started = performance.now();
const bulk = compileBulkMatcher(patterns.map((pattern, i) => ({ id: `indicator-${i}`, pattern })));
const compileMs = performance.now() - started;
gc?.();
const indexMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;

// Warm up, then time the line stream three times and keep the fastest pass (the least
// disturbed by other processes on the machine).
for (let i = 0; i < Math.min(50_000, LINES); i++) bulk.matchLine(lines[i]!);
let lineMatches = 0;
const passes: number[] = [];
for (let pass = 0; pass < 3; pass++) {
  gc?.();
  lineMatches = 0;
  started = performance.now();
  for (const line of lines) lineMatches += bulk.matchLine(line).length;
  passes.push((performance.now() - started) / 1000);
}
const lineSeconds = Math.min(...passes);
const medianSeconds = [...passes].sort((a, b) => a - b)[1]!;

started = performance.now();
let objectMatches = 0;
for (const object of objects)
  objectMatches += bulk.matchObservation(observationOfObservedData(object)!).length;
const objectSeconds = (performance.now() - started) / 1000;

// The naive path: every pattern evaluated on each observation of a sample, checked against bulk.
const compiled: CompiledPattern[] = patterns.map((p) => compilePattern(p));
const sample: Observation[] = Array.from({ length: SAMPLE }, (_, i) =>
  observationOfLine(lines[(i * 7919) % LINES]!),
);
started = performance.now();
const naiveResults = sample.map((o) =>
  compiled.flatMap((c, i) => (c.evaluate([o]).matched ? [`indicator-${i}`] : [])),
);
const naiveSeconds = (performance.now() - started) / 1000;
const agree = sample.every(
  (_, k) => bulk.matchLine(lines[(k * 7919) % LINES]!).join() === naiveResults[k]!.join(),
);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const linesPerSecond = LINES / lineSeconds;
const naivePerSecond = SAMPLE / naiveSeconds;
const s = bulk.stats;
console.log('| measure | result |');
console.log('|---|---:|');
console.log(
  `| indicators (60% hash, 25% IPv4/CIDR, 10% domain/URL, 5% compound) | ${fmt(s.indicators)} |`,
);
console.log(
  `| compile time | ${fmt(compileMs)} ms (${fmt(s.indicators / (compileMs / 1000))} patterns/s) |`,
);
console.log(
  `| index: exact / verified / residual patterns | ${fmt(s.exact)} / ${fmt(s.verified)} / ${fmt(s.residual)} |`,
);
console.log(
  `| index: equality keys / IPv4 blocks, heap | ${fmt(s.equalityKeys)} / ${fmt(s.ipv4Blocks)}, ${fmt(indexMb)} MB |`,
);
console.log(`| \`type,value\` lines matched | ${fmt(LINES)} (${fmt(lineMatches)} matches) |`);
console.log(
  `| **bulk, lines: observations/s** (best of 3 passes; median) | **${fmt(linesPerSecond)}** (${fmt(LINES / medianSeconds)}) |`,
);
console.log(
  `| bulk, observed-data objects (3 SCOs each): observations/s | ${fmt(OBJECTS / objectSeconds)} (${fmt(objectMatches)} matches) |`,
);
console.log(
  `| naive (each pattern evaluated), sample of ${SAMPLE} lines: observations/s | ${naivePerSecond.toFixed(1)} |`,
);
console.log(`| **bulk / naive** | **${fmt(linesPerSecond / naivePerSecond)}×** |`);
console.log(`| naive and bulk results agree on the sample | ${agree ? 'yes' : '**NO**'} |`);
console.log(`| peak RSS | ${fmt(process.resourceUsage().maxRSS / 1024)} MB |`);
if (!agree) process.exitCode = 1;
