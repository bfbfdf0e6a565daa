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

/** An envelope of `count` indicators, those at `bad` without their pattern. */
function envelopeText(count: number, ...bad: number[]): string {
  const objects: Record<string, unknown>[] = [];
  for (let n = 0; n < count; n++) objects.push(indicator(n));
  for (const i of bad) delete objects[i]!.pattern;
  return JSON.stringify({ objects });
}

/** The checks of `text` through `checker`, finished as the serving thread finishes them. */
function checked(checker: ThreadObjectChecker, text: string, share?: number) {
  const checking = checker.checkEnvelope(text, share === undefined ? {} : { share });
  const { objects } = JSON.parse(text) as { objects: unknown[] };
  return checking.finish(objects, true);
}

test('ThreadObjectChecker :: a large envelope is checked on its thread, as inline', async () => {
  const checker = new ThreadObjectChecker();
  try {
    const text = envelopeText(500, 250);
    const checks = await checked(checker, text);
    assert.deepEqual(checks, checksOf(checkEnvelopeText(text)!));
    assert.equal(checks?.[250]?.errors[0]?.pointer, '/pattern');
    assert.equal(checks?.[251]?.json, JSON.stringify(indicator(251)));
  } finally {
    await checker.close();
  }
});

test('ThreadObjectChecker :: a share splits the objects between the two threads, in order', async () => {
  const checker = new ThreadObjectChecker({ minTextLength: 0 });
  try {
    const text = envelopeText(101, 10, 50, 51, 100);
    const whole = checksOf(checkEnvelopeText(text)!);
    for (const share of [0, 0.25, 0.5, 0.99, 1]) {
      const checks = await checked(checker, text, share);
      assert.deepEqual(checks, whole, `share ${share}`);
    }
    // The thread checks the first ceil(101 × 0.5) = 51 objects; this thread the other 50.
    assert.equal(checkEnvelopeText(text, 0.5)?.json.length, 51);
  } finally {
    await checker.close();
  }
});

test('ThreadObjectChecker :: small texts are left inline', async () => {
  const checker = new ThreadObjectChecker({ minTextLength: 1000 });
  try {
    assert.equal(await checked(checker, envelopeText(2)), undefined);
    assert.equal((await checked(checker, envelopeText(20)))?.length, 20);
  } finally {
    await checker.close();
  }
});

test('ThreadObjectChecker :: checks sent together are answered each with its own', async () => {
  const checker = new ThreadObjectChecker({ minTextLength: 0 });
  try {
    const texts = [envelopeText(30, 3), envelopeText(10), envelopeText(40, 39)];
    const answers = await Promise.all(texts.map((t) => checked(checker, t)));
    assert.deepEqual(
      answers.map((checks) => checks?.length),
      [30, 10, 40],
    );
    assert.deepEqual(
      answers.map((checks) => checks?.findIndex((c) => c !== undefined && c.errors.length > 0)),
      [3, -1, 39],
    );
  } finally {
    await checker.close();
  }
});

test('ThreadObjectChecker :: a thread that dies leaves its share unchecked and is replaced', async () => {
  // A heap too small for the text: the thread runs out of memory and dies. Only the old
  // generation is limited: with a 2 MiB young generation as well, an allocation could fail
  // outside the worker's heap-limit handling and abort the whole process (seen 1 run in 4).
  const checker = new ThreadObjectChecker({
    minTextLength: 0,
    maxRestarts: 1,
    resourceLimits: { maxOldGenerationSizeMb: 32 },
  });
  const huge = envelopeText(60_000);
  try {
    const partial = await checked(checker, huge, 0.5);
    assert.equal(checker.failures, 1);
    assert.equal(partial?.[0], undefined, "the thread's share is left to ingest");
    assert.equal(partial?.[59_999]?.json, JSON.stringify(indicator(59_999)), 'this one is checked');
    assert.equal((await checked(checker, envelopeText(5)))?.length, 5, 'a new thread');
    await checked(checker, huge);
    assert.equal(checker.failures, 2);
    // More deaths than maxRestarts: no thread is started again.
    assert.equal(await checked(checker, envelopeText(5)), undefined);
  } finally {
    await checker.close();
  }
});

test('ThreadObjectChecker :: closing ends the thread; later checks are left inline', async () => {
  const checker = new ThreadObjectChecker({ minTextLength: 0 });
  const pending = checked(checker, envelopeText(2000));
  await checker.close();
  assert.equal(await pending, undefined);
  assert.equal(await checked(checker, envelopeText(5)), undefined);
  assert.equal(checker.failures, 0);
});
