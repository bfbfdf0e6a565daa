import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tlpMarkingIds, type TlpLevel } from '../policy/tlp.js';
import type { StixObject } from '../stix/types.js';
import { auditedLevel, mayBeAudited } from './audit-log.js';

const ALL_LEVELS = new Set<TlpLevel>(['clear', 'green', 'amber', 'amber+strict', 'red']);
const OTHER_MARKING = 'marking-definition--1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

function indicator(extra: Record<string, unknown>): StixObject {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    pattern: "[ipv4-addr:value = '198.51.100.1']",
    pattern_type: 'stix',
    valid_from: '2024-01-01T00:00:00.000Z',
    ...extra,
  };
}
const stored = (object: StixObject) => ({ json: JSON.stringify(object) });

describe('mayBeAudited: the text pre-check of auditedLevel', () => {
  test('true for every AMBER, AMBER+STRICT and RED id (TLP 2.0 and 1.0), false for CLEAR and GREEN', () => {
    for (const id of tlpMarkingIds(ALL_LEVELS)) {
      const object = indicator({ object_marking_refs: [id] });
      assert.equal(mayBeAudited(stored(object)), auditedLevel(object) !== undefined, id);
    }
    assert.equal(tlpMarkingIds(new Set(['amber', 'amber+strict', 'red'])).length, 5);
  });

  test('never false where auditedLevel is defined (random marking lists and decoys in text)', () => {
    const ids = [...tlpMarkingIds(ALL_LEVELS), OTHER_MARKING];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (let round = 0; round < 2000; round++) {
      const refs = Array.from({ length: random(4) }, () => ids[random(ids.length)]!);
      const decoy = ids[random(ids.length)]!;
      const object = indicator({
        ...(refs.length > 0 ? { object_marking_refs: refs } : {}),
        description: `see ${decoy.slice(0, random(decoy.length))} and ${decoy}`,
      });
      if (auditedLevel(object) !== undefined) assert.equal(mayBeAudited(stored(object)), true);
    }
  });

  test('false for an object with no marking at all, or only other markings', () => {
    assert.equal(mayBeAudited(stored(indicator({}))), false);
    assert.equal(mayBeAudited(stored(indicator({ object_marking_refs: [OTHER_MARKING] }))), false);
  });
});
