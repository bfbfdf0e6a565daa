import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  identifierType,
  isIdentifier,
  isMetaType,
  isScoType,
  isSdoType,
  isSroType,
  typeCategory,
  uuidVersion,
} from './ids.js';

describe('identifiers (STIX 2.1 §2.9)', () => {
  test('accepts <type>--<RFC 4122 UUID> and returns the type part', () => {
    assert.equal(identifierType('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'), 'indicator');
    assert.equal(
      identifierType('x-mitre-tactic--69da72d2-f550-41c5-ab9e-e8255707f28a'),
      'x-mitre-tactic',
    );
    assert.equal(identifierType('file--364FE3E5-B1F4-5BA3-B951-EE5983B3538D'), 'file');
  });

  test('rejects a UUID that is not RFC 4122: version outside 1–5, or another variant', () => {
    assert.equal(isIdentifier('indicator--8e2e2d2b-17d4-0cbf-938f-98ee46b3cd3f'), false); // version 0
    assert.equal(isIdentifier('indicator--8e2e2d2b-17d4-6cbf-938f-98ee46b3cd3f'), false); // version 6
    assert.equal(isIdentifier('indicator--8e2e2d2b-17d4-4cbf-c38f-98ee46b3cd3f'), false); // variant 110x
    assert.equal(isIdentifier('indicator--00000000-0000-0000-0000-000000000000'), false); // nil UUID
  });

  test('rejects malformed identifiers', () => {
    for (const id of [
      'indicator--1234',
      'indicator-8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      '--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      'Indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      '1ndicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f ',
      'indicator--8e2e2d2b17d44cbf938f98ee46b3cd3f0000',
    ]) {
      assert.equal(identifierType(id), undefined, id);
    }
  });

  test('uuidVersion reads the version digit (4 random, 5 deterministic)', () => {
    assert.equal(uuidVersion('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'), 4);
    assert.equal(uuidVersion('ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4'), 5);
  });
});

describe('type families (STIX 2.1 §1.2)', () => {
  test('sorts every type into exactly one family; others are custom', () => {
    assert.ok(isSdoType('malware-analysis') && !isScoType('malware-analysis'));
    assert.ok(isSroType('sighting') && !isSdoType('sighting'));
    assert.ok(isScoType('x509-certificate') && !isSdoType('x509-certificate'));
    assert.ok(isMetaType('language-content') && !isSdoType('language-content'));
    assert.equal(typeCategory('marking-definition'), 'meta');
    assert.equal(typeCategory('bundle'), 'bundle');
    assert.equal(typeCategory('x-mitre-tactic'), 'custom');
    assert.equal(typeCategory('task'), 'custom');
  });
});
