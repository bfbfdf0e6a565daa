import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateForIngest } from './validate-input.js';
import { checkEnvelopeText, checksOf } from './object-checks.js';

const indicator = (n: number, extra: Record<string, unknown> = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--6f1a2b3c-4d5e-4f60-8a7b-${String(n).padStart(12, '0')}`,
  created: '2026-11-30T10:00:00.000Z',
  modified: '2026-11-30T10:00:00.000Z',
  pattern: "[ipv4-addr:value = '198.51.100.7']",
  pattern_type: 'stix',
  valid_from: '2026-11-30T10:00:00Z',
  ...extra,
});

test('checkEnvelopeText :: each object checked as ingest checks it (validateForIngest), in order', () => {
  const objects = [
    indicator(1),
    indicator(2, { pattern_type: undefined, created: 'yesterday' }),
    { type: 'bundle' },
    indicator(3, { confidence: 200 }),
    'not an object',
    indicator(4, { labels: ['\u0000'] }),
    indicator(5, { x_unknown_property: 1, name: 'has a warning?' }),
    indicator(6, { pattern: "[ipv4-addr:value = '198.51.100.7'" }),
    indicator(7, { pattern: "[x-acme:level = 'high']" }),
  ];
  const text = JSON.stringify({ objects });
  const checks = checksOf(checkEnvelopeText(text)!);
  const parsed = (JSON.parse(text) as { objects: unknown[] }).objects;
  assert.equal(checks.length, objects.length);
  parsed.forEach((value, i) => {
    const expected = validateForIngest(value);
    assert.deepEqual(checks[i]?.errors, expected.errors, `errors of objects[${i}]`);
    assert.deepEqual(checks[i]?.warnings, expected.warnings, `warnings of objects[${i}]`);
    assert.equal(
      checks[i]?.json,
      expected.errors.length === 0 ? JSON.stringify(value) : undefined,
      `text of objects[${i}]`,
    );
  });
  assert.ok(checks.filter((c) => c.errors.length > 0).length >= 4, 'the invalid ones fail');
});

test('checkEnvelopeText :: a text that is not an envelope gives no checks', () => {
  for (const text of ['{', '[]', 'null', '42', '{"objects": {}}', '{"more": true}'])
    assert.equal(checkEnvelopeText(text), undefined, text);
});

test('checkEnvelopeText :: escapes are checked string by string', () => {
  // \u0000 as an escape: the text scan cannot rule it out, so the value is walked.
  const text = `{"objects": [${JSON.stringify(indicator(1)).replace('"stix"', '"st\\u0000ix"')}]}`;
  const [check] = checksOf(checkEnvelopeText(text)!);
  assert.equal(check?.errors[0]?.rule, 'string-nul');
  assert.equal(check?.json, undefined);
});
