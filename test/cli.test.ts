import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runShura, startServe } from './support/cli-process.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shura-cli-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const indicator = (n: number, extra: Record<string, unknown> = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--6e4a3b2c-1d0f-4a5b-8c7d-00000000000${n}`,
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  pattern: `[domain-name:value = 'bad${n}.example']`,
  pattern_type: 'stix',
  valid_from: '2024-01-01T00:00:00Z',
  ...extra,
});

describe('shura CLI', () => {
  test('--help lists every command; an unknown command exits 2', async () => {
    const help = await runShura(['--help']);
    assert.equal(help.code, 0);
    for (const name of ['init', 'serve', 'import', 'export', 'taxii', 'pattern', 'match'])
      assert.match(help.stdout, new RegExp(`\\n  ${name} `));
    const unknown = await runShura(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const importHelp = await runShura(['import', '--help']);
    assert.equal(importHelp.code, 0);
    assert.match(importHelp.stdout, /Usage: shura import/);
  });

  test('init --json creates the organization, a key and the demo data, and refuses to run twice', async () => {
    const data = tempDir();
    const first = await runShura(['init', '--json', '--data', data]);
    assert.equal(first.code, 0, first.stderr);
    const created = JSON.parse(first.stdout) as {
      organization: { id: string; name: string };
      apiKey: string;
      demo: { stored: number; rejected: number };
    };
    assert.match(created.apiKey, /^shura_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    assert.equal(created.demo.rejected, 0);
    assert.ok(created.demo.stored >= 20, `demo stored ${created.demo.stored}`);
    const before = await runShura(['export', '--data', data]);
    const second = await runShura(['init', '--json', '--data', data]);
    assert.equal(second.code, 2);
    assert.match(second.stderr, /already initialized/);
    assert.doesNotMatch(second.stdout, /shura_/, 'no new key is printed');
    const afterwards = await runShura(['export', '--data', data]);
    assert.deepEqual(objectsOf(afterwards.stdout), objectsOf(before.stdout));
  });

  test('import reports stored, unchanged and rejected objects with exit codes 0, 0 and 1', async () => {
    const data = tempDir();
    assert.equal((await runShura(['init', '--no-demo', '--data', data])).code, 0);
    const file = join(data, 'in.json');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--0d0e0a4e-8b1c-4f0e-9a55-3c3d1b1a0a01',
        objects: [indicator(1), indicator(2)],
      }),
    );
    const first = await runShura(['import', '--data', data, file]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^2 stored, 0 unchanged, 0 rejected$/m);
    const again = await runShura(['import', '--data', data, file]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /^0 stored, 2 unchanged, 0 rejected$/m);
    const mixed = [indicator(3), indicator(4, { created: '2026-13-40T00:00:00Z' })]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const partial = await runShura(['import', '--json', '--data', data, '-'], { input: mixed });
    assert.equal(partial.code, 1);
    const report = JSON.parse(partial.stdout) as {
      totals: Record<string, number>;
      results: { status: string; errors?: { pointer: string }[] }[];
    };
    assert.deepEqual(report.totals, { stored: 1, unchanged: 0, rejected: 1 });
    assert.equal(report.results[1]?.status, 'rejected');
    assert.equal(report.results[1]?.errors?.[0]?.pointer, '/created');
  });

  test('import of something that is not STIX or not JSON exits 2 and names the problem', async () => {
    const data = tempDir();
    assert.equal((await runShura(['init', '--no-demo', '--data', data])).code, 0);
    const notJson = await runShura(['import', '--data', data, '-'], {
      input: '{"type": "bundle", ',
    });
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /not valid JSON/);
    const missing = await runShura(['import', '--data', data, join(data, 'nope.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No such file/);
    const noArgs = await runShura(['import', '--data', data]);
    assert.equal(noArgs.code, 2);
  });

  test('export writes a valid bundle and honours --type, --id and --since', async () => {
    const data = tempDir();
    assert.equal((await runShura(['init', '--data', data])).code, 0);
    const all = objectsOf((await runShura(['export', '--data', data])).stdout);
    assert.ok(all.some((o) => o.type === 'malware'));
    const indicators = objectsOf(
      (await runShura(['export', '--data', data, '--type', 'indicator'])).stdout,
    );
    assert.ok(indicators.length > 0);
    assert.ok(indicators.every((o) => o.type === 'indicator'));
    const one = objectsOf(
      (await runShura(['export', '--data', data, '--id', indicators[0]!.id])).stdout,
    );
    assert.deepEqual(
      one.map((o) => o.id),
      [indicators[0]!.id],
    );
    const future = objectsOf(
      (await runShura(['export', '--data', data, '--since', '2999-01-01T00:00:00Z'])).stdout,
    );
    assert.deepEqual(future, []);
    const bad = await runShura(['export', '--data', data, '--since', 'yesterday']);
    assert.equal(bad.code, 2);
  });

  test('match --indicators node matches observations against the indicators this node shares', async () => {
    const data = tempDir();
    assert.equal((await runShura(['init', '--data', data])).code, 0);
    const lines = [
      'domain-name,iuqerfsodp9ifjaposdfjhgosurijfaewrwergwea.com',
      'domain-name,harmless.example',
    ].join('\n');
    const run = await runShura(['match', '--indicators', 'node', '--data', data, '-'], {
      input: lines,
    });
    assert.equal(run.code, 0, run.stderr);
    const records = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { observation: string; indicators: string[] });
    assert.equal(records.length, 1, run.stdout);
    assert.equal(
      records[0]?.observation,
      'domain-name,iuqerfsodp9ifjaposdfjhgosurijfaewrwergwea.com',
    );
    assert.ok((records[0]?.indicators.length ?? 0) >= 1);
    assert.match(run.stderr, /matched 1 of 2 observations/);
  });

  test('serve initializes on first start, prints the key once, and reuses the data on the next start', async () => {
    const data = tempDir();
    const first = await startServe(['--data', data]);
    const key = /Admin API key \(shown once, store it now\): (\S+)/.exec(first.output())?.[1];
    assert.ok(key, first.output());
    const health = await fetch(`${first.url}/healthz`);
    assert.equal(health.status, 200);
    const listed = await fetch(`${first.url}/api/v1/objects?type=malware`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(listed.status, 200);
    const malware = ((await listed.json()) as { objects: { name: string }[] }).objects;
    assert.ok(malware.some((m) => m.name === 'WannaCry'));
    await first.stop();
    const second = await startServe(['--data', data]);
    try {
      assert.match(second.output(), /Using existing node data/);
      assert.doesNotMatch(second.output(), /Admin API key/);
      const again = await fetch(`${second.url}/api/v1/objects?type=malware`, {
        headers: { authorization: `Bearer ${key}` },
      });
      assert.equal(again.status, 200, 'the first key still works: nothing was overwritten');
    } finally {
      await second.stop();
    }
  });
});

function objectsOf(bundleText: string): { type: string; id: string }[] {
  const bundle = JSON.parse(bundleText) as {
    type: string;
    id: string;
    objects: { type: string; id: string }[];
  };
  assert.equal(bundle.type, 'bundle');
  assert.match(bundle.id, /^bundle--[0-9a-f-]{36}$/);
  return bundle.objects;
}
