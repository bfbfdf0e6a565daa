import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeStixObject } from '../../test/fixtures/stix/stix-factories.js';
import {
  isCustomObject,
  isMetaObject,
  isSco,
  isSdo,
  isSro,
  isStixObject,
  isStixObjectOfType,
} from './guards.js';

test('isStixObject :: a JSON object with string type and id, nothing else', () => {
  assert.ok(isStixObject(makeStixObject('indicator')));
  for (const value of [null, 'indicator', [], {}, { type: 'indicator' }, { type: 1, id: 'x' }]) {
    assert.equal(isStixObject(value), false, JSON.stringify(value));
  }
});

test('isStixObjectOfType :: narrows by type, so type-specific properties are typed', () => {
  const object = makeStixObject('indicator');
  assert.ok(isStixObject(object));
  if (!isStixObjectOfType(object, 'indicator')) assert.fail('an indicator');
  const pattern: string = object.pattern; // compiles only because of the narrowing
  assert.equal(pattern, "[ipv4-addr:value = '198.51.100.3']");
  assert.equal(isStixObjectOfType(object, 'malware'), false);
});

test('family guards :: each object is in exactly one family', () => {
  const guards = [isSdo, isSro, isSco, isMetaObject, isCustomObject];
  const expected: [string, number][] = [
    ['indicator', 0],
    ['sighting', 1],
    ['file', 2],
    ['marking-definition', 3],
  ];
  for (const [type, family] of expected) {
    const object = makeStixObject(type) as { type: string; id: string };
    assert.deepEqual(
      guards.map((g) => g(object)),
      guards.map((_, i) => i === family),
      type,
    );
  }
  assert.deepEqual(
    guards.map((g) => g({ type: 'x-mitre-tactic', id: 'x' })),
    [false, false, false, false, true],
  );
});
