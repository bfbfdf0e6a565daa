import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEnvelopeText, checksOf } from './object-checks.js';
import { ThreadObjectChecker } from './object-checker.js';

const indicator = (n: number) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--6f1a2b3c-4d5e-4f60-8a7b-${String(n).padStart(12, '0')}`,
  created: '2026-11-30T10:00:00.000Z',
  modified: '2026-11-30T10:00:00.000Z',
  pattern: `[ipv4-addr:value = '198.51.100.${n % 250}']`,
  pattern_type: 'stix',
  valid_from: '2026-11-30T10:00:00Z',
});

/** An envelope of `count` indicators, the `bad`-th of them without its pattern. */
function envelopeText(count: number, bad = -1): string {
  const objects: Record<string, unknown>[] = [];
  for (let n = 0; n < count; n++) objects.push(indicator(n));
  if (bad >= 0) delete objects[bad]!.pattern;
  return JSON.stringify({ objects });
}

test('ThreadObjectChecker :: a large envelope is checked on its thread, as inline', async () => {
  const checker = new ThreadObjectChecker();
  try {
    const text = envelopeText(500, 250);
    const checks = await checker.checkEnvelope(text);
    assert.deepEqual(checks, checksOf(checkEnvelopeText(text)!));
    assert.equal(checks?.[250]?.errors[0]?.pointer, '/pattern');
    assert.equal(checks?.[251]?.json, JSON.stringify(indicator(251)));
  } finally {
    await checker.close();
  }
});

test('ThreadObjectChecker :: small texts and texts that are no envelope are left inline', async () => {
  const checker = new ThreadObjectChecker({ minTextLength: 1000 });
  try {
    assert.equal(await checker.checkEnvelope(envelopeText(2)), undefined);
    assert.equal(await checker.checkEnvelope(`[${'1,'.repeat(600)}1]`), undefined);
    assert.equal((await checker.checkEnvelope(envelopeText(20)))?.length, 20);
  } finally {
    await checker.close();
  }
});

test('ThreadObjectChecker :: checks sent together are answered each with its own', async () => {
  const checker = new ThreadObjectChecker({ minTextLength: 0 });
  try {
    const texts = [envelopeText(30, 3), envelopeText(10), envelopeText(40, 39)];
    const answers = await Promise.all(texts.map((t) => checker.checkEnvelope(t)));
    assert.deepEqual(
      answers.map((checks) => checks?.length),
      [30, 10, 40],
    );
    assert.deepEqual(
      answers.map((checks) => checks?.findIndex((c) => c.errors.length > 0)),
      [3, -1, 39],
    );
  } finally {
    await checker.close();
  }
});

test('ThreadObjectChecker :: a thread that dies leaves its check inline and is replaced', async () => {
  // A heap too small for the text: the thread runs out of memory and dies.
  const checker = new ThreadObjectChecker({
    minTextLength: 0,
    maxRestarts: 1,
    resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 },
  });
  const huge = envelopeText(60_000);
  try {
    assert.equal(await checker.checkEnvelope(huge), undefined);
    assert.equal(checker.failures, 1);
    assert.equal((await checker.checkEnvelope(envelopeText(5)))?.length, 5, 'a new thread');
    assert.equal(await checker.checkEnvelope(huge), undefined);
    assert.equal(checker.failures, 2);
    // More deaths than maxRestarts: no thread is started again.
    assert.equal(await checker.checkEnvelope(envelopeText(5)), undefined);
  } finally {
    await checker.close();
  }
});

test('ThreadObjectChecker :: closing ends the thread; later checks are left inline', async () => {
  const checker = new ThreadObjectChecker({ minTextLength: 0 });
  const pending = checker.checkEnvelope(envelopeText(2000));
  await checker.close();
  assert.equal(await pending, undefined);
  assert.equal(await checker.checkEnvelope(envelopeText(5)), undefined);
  assert.equal(checker.failures, 0);
});
