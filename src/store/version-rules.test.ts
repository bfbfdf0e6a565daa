import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StixObject } from '../stix/types.js';
import { decideVersion, normalizeVersion, type ExistingObject } from './version-rules.js';

const CREATOR = 'identity--9d3c2f0e-5b7a-4c1e-9f2d-6a4b3c2d1e01';
const base: StixObject = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--9d3c2f0e-5b7a-4c1e-9f2d-6a4b3c2d1e0f',
  created_by_ref: CREATOR,
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-02T00:00:00.000Z',
  pattern: "[ipv4-addr:value = '198.51.100.1']",
  pattern_type: 'stix',
  valid_from: '2024-01-01T00:00:00Z',
};
const stored: ExistingObject = {
  created: base.created!,
  createdByRef: CREATOR,
  lastVersion: normalizeVersion('2024-01-02T00:00:00.000Z'),
  lastRevoked: false,
};
const V = (t: string) => normalizeVersion(t);
const kind = (d: ReturnType<typeof decideVersion>) => (d.kind === 'reject' ? d.rule : d.kind);

describe('store version rules (STIX 2.1 §3.6)', () => {
  test('normalizeVersion makes every precision of one instant the same key, sortable as text', () => {
    assert.equal(V('2024-01-02T00:00:00Z'), V('2024-01-02T00:00:00.000Z'));
    assert.equal(V('2024-01-02T00:00:00.1Z'), '2024-01-02T00:00:00.100000000Z');
    assert.ok(V('2024-01-02T00:00:00.0001Z') > V('2024-01-02T00:00:00Z'));
    assert.ok(V('2024-01-02T00:00:01Z') > V('2024-01-02T00:00:00.999999999Z'));
    assert.equal(normalizeVersion(undefined), '', 'SCOs');
  });

  test('a new object is inserted', () => {
    assert.equal(kind(decideVersion(base, V(base.modified!), undefined, undefined)), 'insert');
  });

  test('same (id, version): same JSON value in any key order is unchanged, anything else a conflict', () => {
    const text = JSON.stringify(base);
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(base).reverse()));
    assert.equal(kind(decideVersion(base, V(base.modified!), stored, text)), 'unchanged');
    assert.equal(kind(decideVersion(base, V(base.modified!), stored, reordered)), 'unchanged');
    assert.equal(kind(decideVersion(base, V(base.modified!), stored, { ...base })), 'unchanged');
    const changed = { ...base, name: 'x' };
    assert.equal(kind(decideVersion(changed, V(base.modified!), stored, text)), 'version-conflict');
    assert.equal(kind(decideVersion(changed, V(base.modified!), stored, base)), 'version-conflict');
  });

  test('a version by another creator, or with another created, is refused', () => {
    const newer = { ...base, modified: '2024-02-01T00:00:00.000Z' };
    const v = V(newer.modified);
    assert.equal(kind(decideVersion(newer, v, stored, undefined)), 'insert');
    const forged = { ...newer, created_by_ref: 'identity--9d3c2f0e-5b7a-4c1e-9f2d-6a4b3c2d1e02' };
    assert.equal(kind(decideVersion(forged, v, stored, undefined)), 'foreign-creator');
    const anonymous: StixObject = { ...newer };
    delete anonymous.created_by_ref;
    assert.equal(kind(decideVersion(anonymous, v, stored, undefined)), 'foreign-creator');
    const moved = { ...newer, created: '2023-12-31T00:00:00.000Z' };
    assert.equal(kind(decideVersion(moved, v, stored, undefined)), 'created-changed');
  });

  test('after a revocation only older versions are accepted', () => {
    const revoked = { ...stored, lastRevoked: true };
    const newer = { ...base, modified: '2024-02-01T00:00:00.000Z' };
    const older = { ...base, modified: '2024-01-01T12:00:00.000Z' };
    assert.equal(kind(decideVersion(newer, V(newer.modified), revoked, undefined)), 'revoked');
    assert.equal(kind(decideVersion(older, V(older.modified), revoked, undefined)), 'insert');
  });
});
