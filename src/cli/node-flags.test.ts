import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SERVE_NODE_FLAGS } from './node-flags.js';

test('npm start runs the node with SERVE_NODE_FLAGS, which the benchmarks measure', () => {
  const manifest = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as { scripts: Record<string, string> };
  const start = manifest.scripts['start'] ?? '';
  const flags = /\bnode((?: --[\w-]+(?:=\S+)?)*) dist\/cli\/shura\.js serve\b/.exec(start)?.[1];
  assert.deepEqual(flags?.trim().split(' '), [...SERVE_NODE_FLAGS], `start script: ${start}`);
});
