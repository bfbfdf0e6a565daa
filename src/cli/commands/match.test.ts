import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, test } from 'node:test';
import { EXIT_OK, UsageError, type CliIo } from '../command.js';
import { matchCommand, matchObservations, readObservations, type MatchSummary } from './match.js';

const dir = mkdtempSync(join(tmpdir(), 'shura-match-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const indicator = (n: number, pattern: string, extra: Record<string, unknown> = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--00000000-0000-4000-8000-00000000000${n}`,
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  pattern,
  pattern_type: 'stix',
  valid_from: '2024-01-01T00:00:00Z',
  ...extra,
});
const bundle = (objects: unknown[]) =>
  JSON.stringify({ type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000000', objects });
const indicators = file(
  'indicators.json',
  bundle([
    indicator(1, "[ipv4-addr:value ISSUBSET '10.0.0.0/8']"),
    indicator(2, "[domain-name:value = 'evil.example']"),
    indicator(3, "[file:hashes.'SHA-256' = 'ab']"),
    indicator(4, "[url:value = 'x'"), // invalid: reported, skipped
    indicator(5, 'rule x { condition: true }', { pattern_type: 'yara' }), // not STIX: skipped
    { type: 'malware', id: 'malware--1' },
  ]),
);

async function run(args: string[], stdin = '', tty = false) {
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  const io: CliIo = { stdin: Readable.from([stdin]), stdout: new PassThrough(), stderr, env: {} };
  let out = '';
  let err = '';
  io.stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await matchCommand.run(args, io);
  return { code, stdout: out, stderr: err };
}

test('shura match :: type,value lines to NDJSON, with a summary and warnings on stderr', async () => {
  const lines = file(
    'lines.txt',
    "# telemetry\nipv4-addr,10.1.2.3\ndomain-name,good.example\n\ndomain-name,evil.example\nfile:hashes.'SHA-256',ab\nnot a line\nipv4-addr,192.0.2.1\n",
  );
  const { code, stdout, stderr } = await run(['--indicators', indicators, lines]);
  assert.equal(code, EXIT_OK);
  assert.deepEqual(
    stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown),
    [
      {
        observation: 'ipv4-addr,10.1.2.3',
        line: 2,
        indicators: ['indicator--00000000-0000-4000-8000-000000000001'],
      },
      {
        observation: 'domain-name,evil.example',
        line: 5,
        indicators: ['indicator--00000000-0000-4000-8000-000000000002'],
      },
      {
        observation: "file:hashes.'SHA-256',ab",
        line: 6,
        indicators: ['indicator--00000000-0000-4000-8000-000000000003'],
      },
    ],
  );
  assert.match(
    stderr,
    /warning: indicator--00000000-0000-4000-8000-000000000004: invalid pattern: line 1, column 17/,
  );
  assert.match(stderr, /warning: observation line 7: expected 'type,value'/);
  assert.match(
    stderr,
    /matched 3 of 5 observations against 3 indicators; 1 invalid patterns skipped; 1 non-STIX or incomplete indicators skipped; 1 invalid observations skipped\n$/,
  );
});

test('shura match :: a STIX bundle of observed-data from stdin, as a table', async () => {
  const observed = bundle([
    {
      type: 'observed-data',
      id: 'observed-data--1',
      first_observed: '2024-01-01T00:00:00Z',
      last_observed: '2024-01-01T00:00:00Z',
      number_observed: 1,
      object_refs: ['domain-name--1'],
    },
    { type: 'domain-name', id: 'domain-name--1', value: 'evil.example' },
    { type: 'ipv4-addr', id: 'ipv4-addr--1', value: '10.0.0.1' },
  ]);
  const { code, stdout } = await run(
    ['--indicators', indicators, '--format', 'table', '-'],
    JSON.stringify(JSON.parse(observed), null, 2),
  );
  assert.equal(code, EXIT_OK);
  assert.equal(
    stdout,
    [
      'line  observation       indicator',
      `----  ----------------  ${'-'.repeat(47)}`,
      '      observed-data--1  indicator--00000000-0000-4000-8000-000000000002',
      '      ipv4-addr--1      indicator--00000000-0000-4000-8000-000000000001',
      '',
    ].join('\n'),
  );
});

test('shura match :: NDJSON observations resolve object_refs to SCOs on earlier lines', async () => {
  const ndjson = [
    { type: 'ipv4-addr', id: 'ipv4-addr--1', value: '192.0.2.7' },
    {
      type: 'observed-data',
      id: 'observed-data--2',
      first_observed: '2024-01-01T00:00:00Z',
      last_observed: '2024-01-01T00:00:00Z',
      number_observed: 1,
      object_refs: ['network-traffic--1'],
    },
    { type: 'network-traffic', id: 'network-traffic--1', dst_ref: 'ipv4-addr--1' },
    {
      type: 'observed-data',
      id: 'observed-data--3',
      first_observed: '2024-01-01T00:00:00Z',
      last_observed: '2024-01-01T00:00:00Z',
      number_observed: 1,
      object_refs: ['network-traffic--1', 'ipv4-addr--1'],
    },
  ]
    .map((o) => JSON.stringify(o))
    .join('\n');
  const inds = [indicator(6, "[network-traffic:dst_ref.value = '192.0.2.7']")];
  const summary: MatchSummary = {
    observations: 0,
    matched: 0,
    indicators: 0,
    invalidPatterns: 0,
    skippedIndicators: 0,
    invalidObservations: 0,
  };
  const records = [];
  for await (const r of matchObservations(
    inds,
    readObservations(Readable.from([ndjson])),
    summary,
    () => {},
  ))
    records.push(r);
  // observed-data--2 lists the traffic but not the address, so its dst_ref cannot be followed (§9.7.4).
  assert.deepEqual(
    records.map((r) => [r.observation, r.line]),
    [
      ['network-traffic--1', 3],
      ['observed-data--3', 4],
    ],
  );
  assert.equal(summary.observations, 4); // the SCO lines are observations too
});

test('shura match :: draws a progress bar on a TTY only', async () => {
  const lines = file(
    'many.txt',
    Array.from({ length: 3000 }, (_, i) => `ipv4-addr,10.0.${i >> 8}.${i & 255}`).join('\n'),
  );
  const tty = await run(['--indicators', indicators, lines], '', true);
  assert.match(tty.stderr, /\rmatching \[#+\.*\] \d+%/);
  const pipe = await run(['--indicators', indicators, lines]);
  assert.doesNotMatch(pipe.stderr, /matching \[/);
  assert.equal(pipe.stdout.trim().split('\n').length, 3000);
});

test('shura match :: usage errors', async () => {
  await assert.rejects(run(['x.txt']), /--indicators is required/);
  await assert.rejects(run(['--indicators', indicators]), /expected one observations file/);
  await assert.rejects(run(['--indicators', '-', '-']), /cannot both come from standard input/);
  await assert.rejects(
    run(['--indicators', indicators, '--format', 'xml', 'x']),
    /--format must be ndjson or table/,
  );
  await assert.rejects(run(['--indicators', indicators, join(dir, 'missing.txt')]), UsageError);
  await assert.rejects(
    run(['--indicators', file('bad.json', '{"type": "bundle", '), '-']),
    /indicators: line 1 is not JSON/,
  );
});
