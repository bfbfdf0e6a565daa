/**
 * Two Shura nodes in two `shura serve` processes: node B pulls from and pushes to node A over
 * TAXII 2.1 with the `shura taxii` CLI (Bearer and Basic credentials).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runShura, startServe, type ServeProcess } from './support/cli-process.js';
import { indicator, TAXII, TLP } from './taxii-helpers.js';

interface Node {
  dir: string;
  key: string;
  serve: ServeProcess;
}
let a: Node;
let b: Node;

async function startNode(name: string): Promise<Node> {
  const dir = mkdtempSync(join(tmpdir(), `shura-taxii-${name}-`));
  const init = await runShura([
    'init',
    '--no-demo',
    '--json',
    '--org-name',
    `CERT ${name}`,
    '--data',
    dir,
  ]);
  assert.equal(init.code, 0, init.stderr);
  const { apiKey } = JSON.parse(init.stdout) as { apiKey: string };
  return { dir, key: apiKey, serve: await startServe(['--data', dir]) };
}

before(async () => {
  [a, b] = await Promise.all([startNode('a'), startNode('b')]);
});
after(async () => {
  await Promise.all([a?.serve.stop(), b?.serve.stop()]);
  for (const n of [a, b]) if (n) rmSync(n.dir, { recursive: true, force: true });
});

/** What a node's admin sees through its own TAXII server, as `id|version`. */
async function versionsOn(node: Node): Promise<string[]> {
  const res = await fetch(
    `${node.serve.url}/taxii2/api1/collections/default/manifest/?match[version]=all&match[type]=indicator&limit=10000`,
    { headers: { accept: TAXII, authorization: `Bearer ${node.key}` } },
  );
  assert.equal(res.status, 200);
  const body = (await res.json()) as { objects?: { id: string; version: string }[] };
  return (body.objects ?? []).map((m) => `${m.id}|${m.version}`).sort();
}

async function addTo(node: Node, objects: unknown[]): Promise<void> {
  const res = await fetch(`${node.serve.url}/taxii2/api1/collections/default/objects/`, {
    method: 'POST',
    headers: { accept: TAXII, 'content-type': TAXII, authorization: `Bearer ${node.key}` },
    body: JSON.stringify({ objects }),
  });
  assert.equal(res.status, 202);
  assert.equal(((await res.json()) as { failure_count: number }).failure_count, 0);
}

const pullFromA = (...extra: string[]) =>
  runShura(
    [
      'taxii',
      'pull',
      `${a.serve.url}/taxii2/`,
      '--collection',
      'default',
      '--data',
      b.dir,
      ...extra,
    ],
    { env: { SHURA_TAXII_TOKEN: a.key } },
  );

describe('Federation :: two Shura processes over TAXII 2.1', () => {
  test('discover lists the other node’s API root and collections', async () => {
    const run = await runShura(['taxii', 'discover', `${a.serve.url}/taxii2/`, '--json'], {
      env: { SHURA_TAXII_TOKEN: a.key },
    });
    assert.equal(run.code, 0, run.stderr);
    const info = JSON.parse(run.stdout) as {
      api_roots: { url: string; max_content_length: number; collections: { alias: string }[] }[];
    };
    assert.equal(info.api_roots[0]!.url, `${a.serve.url}/taxii2/api1/`);
    assert.deepEqual(
      info.api_roots[0]!.collections.map((c) => c.alias),
      ['default'],
    );
  });

  test('B pulls what A shares (in pages), then nothing twice, then exactly what A added since', async () => {
    await addTo(
      a,
      Array.from({ length: 23 }, (_, i) =>
        indicator({ object_marking_refs: [i % 2 ? TLP.green : TLP.clear] }),
      ),
    );
    const first = await pullFromA('--limit', '10');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^2[3-9] stored, 0 unchanged, 0 rejected \(\d pages/m);
    const onA = await versionsOn(a);
    assert.deepEqual(await versionsOn(b), onA);

    const again = await pullFromA();
    assert.match(again.stdout, /^0 stored, 0 unchanged, 0 rejected/m);

    await addTo(a, [
      indicator({ object_marking_refs: [TLP.green] }),
      indicator({ object_marking_refs: [TLP.green] }),
    ]);
    const delta = await pullFromA();
    assert.match(delta.stdout, /^2 stored, 0 unchanged, 0 rejected/m);
    assert.deepEqual(await versionsOn(b), await versionsOn(a));
  });

  test('B pushes a file to A with HTTP Basic; A stores the good objects and B reports the bad one', async () => {
    const good = [indicator(), indicator()];
    const bad = { ...indicator(), modified: 'last tuesday' };
    const file = join(b.dir, 'push.json');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--6c2f5d3e-1e7b-4a4c-9f0d-2b3c4d5e6f71',
        objects: [good[0], bad, good[1]],
      }),
    );
    const run = await runShura(
      [
        'taxii',
        'push',
        `${a.serve.url}/taxii2/api1/`,
        '--collection',
        'default',
        '--user',
        'cert-b',
        file,
      ],
      { env: { SHURA_TAXII_PASSWORD: a.key } },
    );
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^2 succeeded, 1 failed, 0 pending \(1 envelopes/m);
    assert.match(run.stderr, new RegExp(`failed ${bad.id}.*modified`));
    const onA = new Set(await versionsOn(a));
    for (const o of good) assert.ok(onA.has(`${o.id}|${o.modified}`));
  });

  test('a wrong key is refused and nothing is pulled', async () => {
    const before = await versionsOn(b);
    const run = await runShura(
      ['taxii', 'pull', `${a.serve.url}/taxii2/`, '--collection', 'default', '--data', b.dir],
      { env: { SHURA_TAXII_TOKEN: `shura_0000000000000000_${'A'.repeat(43)}` } },
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /HTTP 401/);
    assert.deepEqual(await versionsOn(b), before);
  });

  test('collections configured with the CLI are served by the running node at once', async () => {
    const add = await runShura([
      'taxii',
      'collections',
      'add',
      '--title',
      'Indicators',
      '--alias',
      'indicators',
      '--types',
      'indicator',
      '--write',
      'role:admin',
      '--data',
      a.dir,
    ]);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stderr, /no longer served/);
    const res = await fetch(`${a.serve.url}/taxii2/api1/collections/`, {
      headers: { accept: TAXII, authorization: `Bearer ${a.key}` },
    });
    const body = (await res.json()) as { collections: { alias: string; can_write: boolean }[] };
    assert.deepEqual(
      body.collections.map((c) => [c.alias, c.can_write]),
      [['indicators', true]],
    );
    const list = await runShura(['taxii', 'collections', 'list', '--json', '--data', a.dir]);
    assert.deepEqual(
      (JSON.parse(list.stdout) as { alias: string }[]).map((c) => c.alias),
      ['indicators'],
    );
  });
});
