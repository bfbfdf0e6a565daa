import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runShura } from './support/cli-process.js';
import { sharedDataSkip, sharedPath } from './support/shared-data.js';

const skip = sharedDataSkip('stix21/examples') ?? sharedDataSkip('attack');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function bundleFiles(): string[] {
  const examples = readdirSync(sharedPath('stix21/examples'))
    .map((f) => join(sharedPath('stix21/examples'), f))
    .filter((p) => p.endsWith('.json') && statSync(p).isFile());
  const attack = ['ics-attack-18.1.json', 'mobile-attack-17.1.json'].map((f) =>
    sharedPath(`attack/${f}`),
  );
  return [...examples, ...attack];
}

type Obj = { id: string; modified?: string; created?: string };
const versionOf = (o: Obj) => `${o.id}|${o.modified ?? o.created ?? ''}`;

describe('import and export round trip (STIX 2.1 examples and ATT&CK)', { skip }, () => {
  test('every example and ATT&CK bundle imports with zero rejected, twice stores nothing, and export→import round-trips', async () => {
    const nodeA = mkdtempSync(join(tmpdir(), 'shura-rt-a-'));
    const nodeB = mkdtempSync(join(tmpdir(), 'shura-rt-b-'));
    dirs.push(nodeA, nodeB);
    assert.equal((await runShura(['init', '--no-demo', '--data', nodeA])).code, 0);
    assert.equal((await runShura(['init', '--no-demo', '--data', nodeB])).code, 0);

    const expected = new Map<string, unknown>();
    for (const file of bundleFiles()) {
      const first = await runShura(['import', '--json', '--data', nodeA, file]);
      const report = JSON.parse(first.stdout) as {
        totals: { rejected: number; stored: number };
        results: unknown[];
      };
      assert.equal(
        report.totals.rejected,
        0,
        `${file}: ${JSON.stringify(report.results.filter((r) => (r as { status: string }).status === 'rejected').slice(0, 3))}`,
      );
      assert.equal(first.code, 0);
      const second = JSON.parse(
        (await runShura(['import', '--json', '--data', nodeA, file])).stdout,
      ) as { totals: { stored: number; rejected: number } };
      assert.equal(second.totals.stored, 0, `${file}: importing twice stored something new`);
      assert.equal(second.totals.rejected, 0);
      const bundle = JSON.parse(readFileSync(file, 'utf8')) as { objects: Obj[] };
      for (const o of bundle.objects) expected.set(versionOf(o), o);
    }

    const exportFile = join(nodeA, 'export.json');
    assert.equal((await runShura(['export', '--data', nodeA, '--output', exportFile])).code, 0);
    const exported = (JSON.parse(readFileSync(exportFile, 'utf8')) as { objects: Obj[] }).objects;
    const identityOfA = exported.filter((o) => !expected.has(versionOf(o)));
    assert.equal(identityOfA.length, 1, "only the node's own identity is extra");
    for (const o of exported)
      if (expected.has(versionOf(o))) assert.deepEqual(o, expected.get(versionOf(o)));
    assert.equal(exported.length - 1, expected.size);

    const importedB = await runShura(['import', '--json', '--data', nodeB, exportFile]);
    assert.equal(importedB.code, 0, importedB.stderr);
    const reexportFile = join(nodeB, 'export.json');
    assert.equal((await runShura(['export', '--data', nodeB, '--output', reexportFile])).code, 0);
    const reexported = new Map(
      (JSON.parse(readFileSync(reexportFile, 'utf8')) as { objects: Obj[] }).objects.map((o) => [
        versionOf(o),
        o,
      ]),
    );
    for (const o of exported)
      assert.deepEqual(reexported.get(versionOf(o)), o, `round trip of ${versionOf(o)}`);
    writeFileSync(join(nodeA, 'done'), '');
  });
});

describe(
  'ATT&CK ICS 17.1 then 18.1 (real versioning mistakes)',
  { skip: sharedDataSkip('attack/ics-attack-17.1.json') },
  () => {
    test('17.1 imports with zero rejected; 18.1 on top rejects exactly the objects MITRE changed without a newer "modified"', async () => {
      const node = mkdtempSync(join(tmpdir(), 'shura-attack-'));
      dirs.push(node);
      assert.equal((await runShura(['init', '--no-demo', '--data', node])).code, 0);
      const older = JSON.parse(
        (
          await runShura([
            'import',
            '--json',
            '--data',
            node,
            sharedPath('attack/ics-attack-17.1.json'),
          ])
        ).stdout,
      ) as { totals: { rejected: number } };
      assert.equal(older.totals.rejected, 0);
      const a = new Map(
        (
          JSON.parse(readFileSync(sharedPath('attack/ics-attack-17.1.json'), 'utf8')) as {
            objects: Obj[];
          }
        ).objects.map((o) => [versionOf(o), o]),
      );
      const newer = JSON.parse(readFileSync(sharedPath('attack/ics-attack-18.1.json'), 'utf8')) as {
        objects: Obj[];
      };
      const changedInPlace = new Set(
        newer.objects
          .filter(
            (o) =>
              a.has(versionOf(o)) &&
              JSON.stringify(sortKeys(a.get(versionOf(o)))) !== JSON.stringify(sortKeys(o)),
          )
          .map((o) => o.id),
      );
      assert.ok(changedInPlace.size > 0, 'the data has same-version edits');
      const run = await runShura([
        'import',
        '--json',
        '--data',
        node,
        sharedPath('attack/ics-attack-18.1.json'),
      ]);
      assert.equal(run.code, 1);
      const report = JSON.parse(run.stdout) as {
        results: { id?: string; status: string; errors?: { rule: string }[] }[];
      };
      const rejected = report.results.filter((r) => r.status === 'rejected');
      assert.deepEqual(new Set(rejected.map((r) => r.id)), changedInPlace);
      assert.ok(rejected.every((r) => r.errors?.[0]?.rule === 'version-conflict'));
    });
  },
);

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}
