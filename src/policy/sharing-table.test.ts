import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StixObject } from '../stix/types.js';
import { audienceOf, type UnmarkedAudience } from './audience.js';
import { mayForward } from './forwarding.js';
import { groupMarkingId, recipientsMarkingId, type MarkingMeaning } from './markings.js';
import { TLP2_MARKING_IDS } from './tlp.js';
import { canSee, memberViewer, peerViewer, PUBLIC_VIEWER, type Viewer } from './viewer.js';

// The cast: the owner organization, a trust group G (member: org "g"), a named recipient
// (org "r", identity identity--r), an unrelated member "m", and an outsider (public only).
const G = '0b7e0a1e-8d4e-4c59-9b53-7a4d3a9e0001';
const OTHER_GROUP = '0b7e0a1e-8d4e-4c59-9b53-7a4d3a9e0002';
const R_IDENTITY = 'identity--7a4d3a9e-0000-4000-8000-00000000000f';
const UNKNOWN = 'marking-definition--11111111-2222-4333-8444-555555555555';

const TLP: Record<string, string | undefined> = {
  none: undefined,
  clear: TLP2_MARKING_IDS.clear,
  green: TLP2_MARKING_IDS.green,
  amber: TLP2_MARKING_IDS.amber,
  'amber+strict': TLP2_MARKING_IDS['amber+strict'],
  red: TLP2_MARKING_IDS.red,
  'tlp1 white': 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  'tlp1 green': 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  'tlp1 amber': 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  'tlp1 red': 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
};
/** TLP 1.0 levels read as their TLP 2.0 successors. */
const LEVEL: Record<string, string> = {
  'tlp1 white': 'clear',
  'tlp1 green': 'green',
  'tlp1 amber': 'amber',
  'tlp1 red': 'red',
};

const resolveMarking = (id: string): MarkingMeaning | undefined => {
  for (const [level, markingId] of Object.entries(TLP))
    if (markingId === id) return { kind: 'tlp', level: (LEVEL[level] ?? level) as 'clear' };
  if (id === groupMarkingId(G)) return { kind: 'group', groupId: G };
  if (id === groupMarkingId(OTHER_GROUP)) return { kind: 'group', groupId: OTHER_GROUP };
  if (id === recipientsMarkingId([R_IDENTITY]))
    return { kind: 'recipients', identityIds: [R_IDENTITY] };
  return undefined;
};

type Who = 'owner' | 'group member' | 'recipient' | 'member' | 'outsider';
const VIEWERS: Record<Who, Viewer> = {
  owner: memberViewer('owner'),
  'group member': memberViewer('g', [G]),
  recipient: memberViewer('r'),
  member: memberViewer('m', ['0b7e0a1e-8d4e-4c59-9b53-7a4d3a9e0009']),
  outsider: PUBLIC_VIEWER,
};
const PEERS: Partial<Record<Who, Viewer>> = {
  owner: peerViewer('owner'),
  'group member': peerViewer('g', [G]),
  recipient: peerViewer('r'),
  member: peerViewer('m'),
};

/**
 * The DESIGN.md sharing table, written out per case: who may see it, and whether it may
 * leave this node at all (peers then get what their organization may see).
 */
function expected(
  level: string,
  group: boolean,
  recipient: boolean,
  unknown: boolean,
  unmarked: UnmarkedAudience,
  relayed: boolean,
): { sees: Set<Who>; leaves: boolean } {
  const owner = new Set<Who>(['owner']);
  if (unknown) return { sees: owner, leaves: false };
  const lvl = LEVEL[level] ?? level;
  const named = new Set<Who>(['owner']);
  if (group && lvl !== 'red') named.add('group member');
  if (recipient) named.add('recipient');
  const everyone = new Set<Who>(['owner', 'group member', 'recipient', 'member', 'outsider']);
  const members = new Set<Who>(['owner', 'group member', 'recipient', 'member']);
  const hasNamed = group || recipient;
  switch (lvl) {
    case 'none':
      if (hasNamed) return { sees: named, leaves: true };
      if (unmarked === 'owner') return { sees: owner, leaves: false };
      return { sees: unmarked === 'public' ? everyone : members, leaves: true };
    case 'clear':
      return { sees: hasNamed ? named : everyone, leaves: true };
    case 'green':
      return { sees: hasNamed ? named : members, leaves: true };
    case 'amber':
      return { sees: named, leaves: true };
    case 'amber+strict':
      return { sees: named, leaves: !relayed };
    case 'red':
      return { sees: named, leaves: true };
  }
  throw new Error(level);
}

test('sharing table :: every TLP level x trust group x recipients x unknown x unmarked default x relayed, for every viewer and peer', () => {
  let cases = 0;
  for (const level of Object.keys(TLP))
    for (const group of [false, true])
      for (const recipient of [false, true])
        for (const unknown of [false, true])
          for (const unmarked of ['owner', 'community', 'public'] as const)
            for (const relayed of [false, true]) {
              const markings = [
                ...(TLP[level] ? [TLP[level]] : []),
                ...(group ? [groupMarkingId(G)] : []),
                ...(recipient ? [recipientsMarkingId([R_IDENTITY])] : []),
                ...(unknown ? [UNKNOWN] : []),
              ];
              const object: StixObject = {
                type: 'indicator',
                id: 'indicator--00000000-0000-4000-8000-000000000001',
                ...(markings.length ? { object_marking_refs: markings } : {}),
              };
              const audience = audienceOf(object, {
                ownerOrganizationId: 'owner',
                resolveMarking,
                organizationOfIdentity: (id) => (id === R_IDENTITY ? 'r' : undefined),
                unmarked,
                relayed,
              });
              const want = expected(level, group, recipient, unknown, unmarked, relayed);
              const label = `${level} group=${group} recipient=${recipient} unknown=${unknown} unmarked=${unmarked} relayed=${relayed}`;
              for (const [who, viewer] of Object.entries(VIEWERS) as [Who, Viewer][]) {
                assert.equal(canSee(audience, viewer), want.sees.has(who), `${label}: ${who}`);
                const peer = PEERS[who];
                if (peer) {
                  const leaves = want.leaves && want.sees.has(who);
                  assert.equal(canSee(audience, peer), leaves, `${label}: peer of ${who}`);
                  assert.equal(mayForward(audience, peer), leaves, `${label}: forward to ${who}`);
                }
              }
              cases++;
            }
  assert.equal(cases, 10 * 2 * 2 * 2 * 3 * 2);
});

test('sharing table :: the creator organization sees its relayed object besides the submitter', () => {
  const object: StixObject = {
    type: 'indicator',
    id: 'indicator--00000000-0000-4000-8000-000000000002',
    object_marking_refs: [TLP2_MARKING_IDS.red],
  };
  const audience = audienceOf(object, {
    ownerOrganizationId: 'relay',
    creatorOrganizationId: 'creator',
  });
  assert.ok(canSee(audience, memberViewer('creator')));
  assert.ok(canSee(audience, memberViewer('relay')));
  assert.ok(!canSee(audience, memberViewer('other')));
});

test('mayForward :: no-forward content never leaves, whatever viewer is passed', () => {
  const audience = audienceOf(
    { type: 'indicator', id: 'indicator--00000000-0000-4000-8000-000000000003' },
    { ownerOrganizationId: 'owner' },
  );
  assert.equal(canSee(audience, memberViewer('owner')), true);
  assert.equal(mayForward(audience, memberViewer('owner')), false);
  assert.equal(mayForward(audience, peerViewer('owner')), false);
});
