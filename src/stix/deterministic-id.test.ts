import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deterministicScoId, uuidV5 } from './deterministic-id.js';

test('uuidV5 :: matches the RFC 4122 appendix example (DNS namespace, "www.example.com")', () => {
  assert.equal(
    uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com'),
    '2ed6657d-e927-568b-95e1-2665a8aea6a2',
  );
});

test('deterministicScoId :: same contributing values give the same id, others do not matter', () => {
  const a = deterministicScoId({ type: 'domain-name', value: 'example.com' }, ['value']);
  const b = deterministicScoId(
    { type: 'domain-name', value: 'example.com', resolves_to_refs: [] },
    ['value'],
  );
  const c = deterministicScoId({ type: 'domain-name', value: 'example.org' }, ['value']);
  assert.match(
    a ?? '',
    /^domain-name--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.equal(deterministicScoId({ type: 'process' }, []), undefined);
});
