import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deterministicScoId, SCO_ID_CONTRIBUTING, uuidV5 } from './deterministic-id.js';
import { SCO_TYPES } from './ids.js';

test('uuidV5 :: matches the RFC 4122 appendix example (DNS namespace, "www.example.com")', () => {
  assert.equal(
    uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com'),
    '2ed6657d-e927-568b-95e1-2665a8aea6a2',
  );
});

test('deterministicScoId :: reproduces the ids of STIX 2.1 (Errata 01) §2.9 and §4.8 examples', () => {
  assert.equal(
    deterministicScoId({ type: 'ipv4-addr', value: '198.51.100.3' }),
    'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4',
  );
  assert.equal(
    deterministicScoId({ type: 'ipv4-addr', spec_version: '2.1', value: '198.52.200.4' }),
    'ipv4-addr--055987b7-7d94-5326-8e20-c3dad8241976',
  );
});

test('deterministicScoId :: reproduces the file id of the OASIS sighting-of-observed-data example (MD5 chosen over SHA-1, name contributes)', () => {
  const file = {
    type: 'file',
    spec_version: '2.1',
    hashes: {
      'SHA-1': 'c79a326f8411e9488bdc3779753e1e3489aaedea',
      MD5: '1717b7fff97d37a1e1a0029d83492de1',
    },
    size: 83968,
    name: 'resume.pdf',
  };
  assert.equal(deterministicScoId(file), 'file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d');
});

test('deterministicScoId :: only ID contributing properties count; their values do', () => {
  const a = deterministicScoId({ type: 'domain-name', value: 'example.com' });
  const b = deterministicScoId({
    type: 'domain-name',
    value: 'example.com',
    resolves_to_refs: ['ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4'],
  });
  const c = deterministicScoId({ type: 'domain-name', value: 'example.org' });
  assert.match(
    a ?? '',
    /^domain-name--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.equal(a, b);
  assert.notEqual(a, c);
});

test('deterministicScoId :: the same hash under another preferred algorithm order gives the same id', () => {
  const md5 = '1717b7fff97d37a1e1a0029d83492de1';
  const sha256 = 'aa'.repeat(32);
  const one = deterministicScoId({ type: 'file', hashes: { MD5: md5, 'SHA-256': sha256 } });
  const other = deterministicScoId({ type: 'file', hashes: { 'SHA-256': sha256, MD5: md5 } });
  const onlySha = deterministicScoId({ type: 'file', hashes: { 'SHA-256': sha256 } });
  assert.equal(one, other);
  assert.notEqual(one, onlySha);
});

test('deterministicScoId :: undefined without contributing values, for process, and for non-SCOs', () => {
  assert.equal(deterministicScoId({ type: 'file', size: 3 }), undefined);
  assert.equal(deterministicScoId({ type: 'process', pid: 4 }), undefined);
  assert.equal(deterministicScoId({ type: 'indicator', value: 'x' }), undefined);
  assert.equal(deterministicScoId({ value: 'x' }), undefined);
});

test('SCO_ID_CONTRIBUTING :: covers exactly the 18 SCO types of §6', () => {
  assert.deepEqual(Object.keys(SCO_ID_CONTRIBUTING).sort(), [...SCO_TYPES].sort());
});
