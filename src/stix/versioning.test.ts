import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalJson } from './canonical-json.js';
import type { StixObject } from './types.js';
import { compareVersionKeys, decideVersion, versionKey, type StoredVersion } from './versioning.js';

const CREATOR = 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff';
const OTHER = 'identity--b38dfe21-7477-40d1-aa90-5c8671ce51ca';

function version(modified: string, extra: Record<string, unknown> = {}): StixObject {
  return {
    type: 'malware',
    spec_version: '2.1',
    id: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b',
    created_by_ref: CREATOR,
    created: '2016-05-01T06:13:14.000Z',
    modified,
    name: 'Poison Ivy',
    is_family: true,
    ...extra,
  };
}

/** A store row for an object, as the store would keep it (here: its canonical JSON). */
function row(object: StixObject, raw = false): StoredVersion {
  return {
    version: versionKey(object),
    body: raw ? JSON.stringify(object, null, 2) : canonicalJson(object),
    revoked: object.revoked === true,
    createdByRef: object.created_by_ref ?? null,
    created: object.created ?? null,
  };
}

const V1 = version('2016-05-01T06:13:14.000Z');
const V2 = version('2016-05-08T03:43:44.000Z', { name: 'Attention!' });

describe('versioning (STIX 2.1 §3.6)', () => {
  test('versionKey is modified, else created, else undefined (SCOs)', () => {
    assert.equal(versionKey(V2), '2016-05-08T03:43:44.000Z');
    assert.equal(
      versionKey({ type: 'marking-definition', id: 'x', created: '2017-01-20T00:00:00.000Z' }),
      '2017-01-20T00:00:00.000Z',
    );
    assert.equal(versionKey({ type: 'ipv4-addr', id: 'x' }), undefined);
  });

  test('compareVersionKeys compares instants: .000Z and Z are one version', () => {
    assert.equal(compareVersionKeys('2016-05-01T06:13:14Z', '2016-05-01T06:13:14.000Z'), 0);
    assert.equal(compareVersionKeys('2016-05-01T06:13:14.001Z', '2016-05-01T06:13:14Z'), 1);
    assert.equal(compareVersionKeys(undefined, '2016-05-01T06:13:14Z'), -1);
  });

  test('the first version of an id is a new, latest version', () => {
    assert.deepEqual(decideVersion(V1, []), { kind: 'new-version', latest: true });
  });

  test('a newer modified is a new latest version; an older one fills in history', () => {
    assert.deepEqual(decideVersion(V2, [row(V1)]), { kind: 'new-version', latest: true });
    assert.deepEqual(decideVersion(V1, [row(V2)]), { kind: 'new-version', latest: false });
  });

  test('the same (id, modified) with the same content is unchanged, whatever key order or precision of the stored text', () => {
    assert.deepEqual(decideVersion(V1, [row(V1)]), { kind: 'unchanged' });
    assert.deepEqual(decideVersion(V1, [row(V1, true)]), { kind: 'unchanged' });
    const reordered = Object.fromEntries(Object.entries(V1).reverse()) as StixObject;
    assert.deepEqual(decideVersion(reordered, [row(V1)]), { kind: 'unchanged' });
  });

  test('the same (id, modified) with a different body is a conflict', () => {
    const changed = version('2016-05-01T06:13:14.000Z', {
      description: 'changed without a new modified',
    });
    const decision = decideVersion(changed, [row(V1), row(V2)]);
    assert.equal(decision.kind, 'conflict');
    assert.match('message' in decision ? decision.message : '', /newer "modified"/);
    // One version key under two precisions is still the same version.
    const samePrecisionless = version('2016-05-01T06:13:14Z', { description: 'x' });
    assert.equal(decideVersion(samePrecisionless, [row(V1)]).kind, 'conflict');
  });

  test('only the creator versions an object: another created_by_ref is refused, anonymous too', () => {
    const foreign = version('2016-06-01T00:00:00.000Z', { created_by_ref: OTHER });
    const decision = decideVersion(foreign, [row(V1)]);
    assert.equal(decision.kind, 'foreign-creator');
    assert.match('message' in decision ? decision.message : '', new RegExp(CREATOR));
    const anonymous = version('2016-06-01T00:00:00.000Z', { created_by_ref: undefined });
    assert.equal(decideVersion(anonymous, [row(V1)]).kind, 'foreign-creator');
  });

  test('created never changes across versions', () => {
    const moved = version('2016-06-01T00:00:00.000Z', { created: '2016-04-01T00:00:00.000Z' });
    assert.equal(decideVersion(moved, [row(V1)]).kind, 'created-changed');
  });

  test('no version may follow a revoked one; older versions may still arrive', () => {
    const revoked = version('2016-05-11T06:41:21.000Z', { revoked: true });
    const later = version('2016-05-12T00:00:00.000Z');
    const decision = decideVersion(later, [row(V1), row(revoked)]);
    assert.equal(decision.kind, 'revoked');
    assert.match('message' in decision ? decision.message : '', /revocation is permanent/);
    // The spec's consumer example: an older, unrevoked version after the revocation is history.
    const earlier = version('2016-05-10T17:28:54.000Z');
    assert.deepEqual(decideVersion(earlier, [row(revoked)]), {
      kind: 'new-version',
      latest: false,
    });
  });

  test('a revoked version older than a stored unrevoked one is refused (revocation cannot be undone)', () => {
    const oldRevoked = version('2016-05-05T00:00:00.000Z', { revoked: true });
    assert.equal(decideVersion(oldRevoked, [row(V1), row(V2)]).kind, 'unrevoked');
  });

  test('SCOs are not versioned: the same id with other content is a conflict', () => {
    const ip = {
      type: 'ipv4-addr',
      id: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4',
      value: '198.51.100.3',
    };
    const stored = { version: undefined, body: JSON.stringify(ip), revoked: false };
    assert.deepEqual(decideVersion(ip, [stored]), { kind: 'unchanged' });
    const decision = decideVersion({ ...ip, defanged: true }, [{ ...stored, version: '' }]);
    assert.equal(decision.kind, 'conflict');
    assert.match('message' in decision ? decision.message : '', /SCOs are not versioned/);
  });
});
