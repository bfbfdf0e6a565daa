import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StixObject } from '../stix/types.js';
import { applyAuthorship, canVersion, checkMarkingUse, type Author } from './authorship.js';
import {
  groupMarkingId,
  recipientsMarking,
  SHURA_MARKING_EXTENSION,
  type MarkingMeaning,
} from './markings.js';
import { TLP2_MARKING_IDS } from './tlp.js';

const OURS = 'identity--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0001';
const THEIRS = 'identity--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0002';
const G = '0c7b5b88-8ff7-4a4d-aa9d-feb398cd0a01';
const H = '0c7b5b88-8ff7-4a4d-aa9d-feb398cd0a02';
const member: Author = { identityId: OURS, mode: 'member', groupIds: [G] };
const relay: Author = { identityId: OURS, mode: 'relay', groupIds: [] };
const resolve = (id: string): MarkingMeaning | undefined =>
  id === groupMarkingId(G)
    ? { kind: 'group', groupId: G }
    : id === groupMarkingId(H)
      ? { kind: 'group', groupId: H }
      : undefined;

const indicator = (extra: Partial<StixObject> = {}): StixObject => ({
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0100',
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  ...extra,
});

test('applyAuthorship :: a member object without created_by_ref gets the organization identity', () => {
  const check = applyAuthorship(indicator(), member);
  assert.ok(check.ok);
  assert.equal(check.object.created_by_ref, OURS);
});

test('applyAuthorship :: a member may not forge another created_by_ref; its own passes unchanged', () => {
  const forged = applyAuthorship(indicator({ created_by_ref: THEIRS }), member);
  assert.equal(forged.ok, false);
  assert.equal(!forged.ok && forged.rule, 'forged-creator');
  const own = indicator({ created_by_ref: OURS });
  const check = applyAuthorship(own, member);
  assert.ok(check.ok && check.object === own);
});

test('applyAuthorship :: relays, SCOs and shared definitions pass unchanged', () => {
  const third = indicator({ created_by_ref: THEIRS });
  assert.ok(applyAuthorship(third, relay).ok);
  const sco: StixObject = {
    type: 'ipv4-addr',
    id: 'ipv4-addr--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0200',
    value: '198.51.100.1',
  };
  const scoCheck = applyAuthorship(sco, member);
  assert.ok(scoCheck.ok && scoCheck.object === sco);
  const tlp: StixObject = {
    type: 'marking-definition',
    id: TLP2_MARKING_IDS.amber,
    created_by_ref: THEIRS,
  };
  assert.ok(applyAuthorship(tlp, member).ok);
  assert.ok(applyAuthorship(SHURA_MARKING_EXTENSION, member).ok);
  const recipients = recipientsMarking([THEIRS]);
  const check = applyAuthorship(recipients, member);
  assert.ok(check.ok && check.object === recipients);
  const groupDefinition: StixObject = {
    type: 'marking-definition',
    id: groupMarkingId(H),
    created_by_ref: THEIRS,
  };
  assert.ok(
    applyAuthorship(groupDefinition, member, resolve).ok,
    'a registered group definition may be passed along',
  );
  assert.equal(
    applyAuthorship(groupDefinition, member).ok,
    false,
    "an unregistered one is the submitter's own object",
  );
});

test('checkMarkingUse :: members share only into their own trust groups, object-level and granular', () => {
  assert.equal(
    checkMarkingUse(indicator({ object_marking_refs: [groupMarkingId(G)] }), member, resolve),
    undefined,
  );
  assert.equal(
    checkMarkingUse(
      indicator({ object_marking_refs: [TLP2_MARKING_IDS.amber, groupMarkingId(H)] }),
      member,
      resolve,
    )?.rule,
    'not-group-member',
  );
  assert.equal(
    checkMarkingUse(
      indicator({ granular_markings: [{ marking_ref: groupMarkingId(H), selectors: ['name'] }] }),
      member,
      resolve,
    )?.rule,
    'not-group-member',
  );
  assert.equal(
    checkMarkingUse(indicator({ object_marking_refs: [groupMarkingId(H)] }), relay, resolve),
    undefined,
  );
});

test('canVersion :: only the creator versions; creatorless objects only by a relay', () => {
  assert.equal(canVersion(member, { created_by_ref: OURS }), true);
  assert.equal(canVersion(member, { created_by_ref: THEIRS }), false);
  assert.equal(canVersion(member, {}), false);
  assert.equal(canVersion(relay, {}), true);
});
