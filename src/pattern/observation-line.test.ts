import assert from 'node:assert/strict';
import { test } from 'node:test';
import { observationOfLine, parseLineTarget } from './observation-line.js';
import { observationOfObservedData, observationsFrom } from './observation.js';
import { PatternError } from './pattern-error.js';

test('observationOfLine :: type,value and type:path,value lines become one SCO each', () => {
  assert.deepEqual(observationOfLine('ipv4-addr,10.0.0.1').roots, [
    { type: 'ipv4-addr', value: '10.0.0.1' },
  ]);
  assert.deepEqual(observationOfLine("file:hashes.'SHA-256',ab,cd").roots, [
    { type: 'file', hashes: { 'SHA-256': 'ab,cd' } },
  ]);
  assert.deepEqual(observationOfLine('file,invoice.exe').roots, [
    { type: 'file', name: 'invoice.exe' },
  ]);
  assert.deepEqual(observationOfLine('autonomous-system,64500').roots, [
    { type: 'autonomous-system', number: 64500 },
  ]);
  assert.deepEqual(observationOfLine('network-traffic:is_active,true').roots, [
    { type: 'network-traffic', is_active: true },
  ]);
  assert.equal(parseLineTarget('file:hashes.MD5').key, 'file:hashes.MD5');
  assert.ok(Number.isNaN(observationOfLine('url,http://x/').first));
  assert.throws(() => observationOfLine('ipv4-addr'), PatternError);
  assert.throws(() => observationOfLine('file:hashes[0],x'), /no list indexes/);
  assert.throws(() => observationOfLine("file:'x,y"), PatternError);
  assert.throws(() => observationOfLine('file:type,x'), /cannot set "type"/);
  assert.throws(() => observationOfLine('file:type.x,y'), PatternError);
});

test('observationOfLine :: a path through __proto__ or constructor builds own properties and changes no prototype', () => {
  assert.equal(
    JSON.stringify(observationOfLine('file:__proto__.polluted,yes').roots),
    '[{"type":"file","__proto__":{"polluted":"yes"}}]',
  );
  const [root] = observationOfLine('file:constructor.prototype.polluted,yes').roots;
  assert.ok(Object.hasOwn(root!, 'constructor'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(root), Object.prototype);
});

test('observationsFrom :: observed-data (both forms) and unlisted SCOs; number_observed and times', () => {
  const observed = {
    type: 'observed-data',
    id: 'observed-data--1',
    first_observed: '2020-01-01T00:00:00.5Z',
    last_observed: '2020-01-01T00:00:01Z',
    number_observed: 4,
    object_refs: ['ipv4-addr--1', 'relationship--1', 'ipv4-addr--missing'],
  };
  const observations = observationsFrom([
    observed,
    { type: 'ipv4-addr', id: 'ipv4-addr--1', value: '10.0.0.1' },
    { type: 'domain-name', id: 'domain-name--1', value: 'a.example' },
    { type: 'relationship', id: 'relationship--1' },
  ]);
  assert.deepEqual(
    observations.map((o) => [o.id, o.count, o.first, o.last, o.roots.length]),
    [
      ['observed-data--1', 4, Date.UTC(2020, 0, 1) + 500, Date.UTC(2020, 0, 1) + 1000, 1],
      ['domain-name--1', 1, NaN, NaN, 1],
    ],
  );
  const embedded = observationOfObservedData({
    type: 'observed-data',
    number_observed: 0,
    objects: { '0': { type: 'url', value: 'x' }, '1': 'junk' },
  });
  assert.deepEqual(
    [embedded?.count, embedded?.roots.length, [...embedded!.objects.keys()]],
    [1, 1, ['0']],
  );
  assert.equal(observationOfObservedData({ type: 'indicator' }), undefined);
});
