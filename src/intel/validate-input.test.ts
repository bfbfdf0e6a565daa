import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateStixObject } from '../stix/validate.js';
import { validateForIngest } from './validate-input.js';

const indicator = (pattern: string, pattern_type = 'stix') => ({
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--6f1a2b3c-4d5e-4f60-8a7b-000000000001',
  created: '2026-11-30T10:00:00.000Z',
  modified: '2026-11-30T10:00:00.000Z',
  pattern,
  pattern_type,
  valid_from: '2026-11-30T10:00:00Z',
});

test('validateForIngest :: an indicator whose STIX pattern does not parse, or breaks §9, is an error at /pattern', () => {
  const cases: [string, string][] = [
    ['[broken', 'pattern-syntax'],
    ["[ipv4-addr:value = '198.51.100.7' AND file:name = 'a.exe']", 'pattern-and-object-types'],
    ["[ipv4-addr:value = '198.51.100.7'] START t'2026-01-01T00:00:00Z'", 'pattern-syntax'],
  ];
  for (const [pattern, rule] of cases) {
    const { errors } = validateForIngest(indicator(pattern));
    assert.equal(errors.length, 1, pattern);
    assert.equal(errors[0]?.pointer, '/pattern');
    assert.equal(errors[0]?.rule, rule, pattern);
    assert.match(errors[0]?.message ?? '', /^STIX pattern, line 1, column \d+: /);
    assert.deepEqual(validateStixObject(indicator(pattern)).errors, [], 'the object rules pass');
  }
});

test('validateForIngest :: valid patterns pass; doubtful ones warn; other pattern languages are not parsed', () => {
  assert.deepEqual(validateForIngest(indicator("[domain-name:value = 'c2.example.net']")), {
    errors: [],
    warnings: [],
  });
  const custom = validateForIngest(indicator("[x-acme-sensor:alert_id = 'A-17']"));
  assert.deepEqual(custom.errors, []);
  assert.deepEqual(
    custom.warnings.map((w) => [w.pointer, w.rule]),
    [['/pattern', 'pattern-unknown-type']],
  );
  assert.deepEqual(
    validateForIngest(indicator('alert tcp any any -> any 445 (msg:"SMB";)', 'snort')).errors,
    [],
  );
});

test('validateForIngest :: an object that breaks the object rules reports those alone', () => {
  const broken = { ...indicator('[broken'), created: 'yesterday' };
  const { errors } = validateForIngest(broken);
  assert.deepEqual(errors, validateStixObject(broken).errors);
  assert.ok(errors.every((e) => e.pointer !== '/pattern'));
});
