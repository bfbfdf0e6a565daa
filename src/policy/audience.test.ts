import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StixObject } from '../stix/types.js';
import { audienceOf } from './audience.js';
import { TLP2_MARKING_IDS } from './tlp.js';
import { memberViewer, PUBLIC_VIEWER } from './viewer.js';

const OWNER = 'org-a';
const object = (markings?: string[]): StixObject => ({
  type: 'indicator',
  id: 'indicator--00000000-0000-4000-8000-000000000001',
  ...(markings ? { object_marking_refs: markings } : {}),
});
const sees = (tokens: readonly string[], audience: string[]) =>
  tokens.some((t) => audience.includes(t));

test('audienceOf :: follows the DESIGN sharing table for TLP 2.0 and TLP 1.0 markings', () => {
  const outsider = PUBLIC_VIEWER.tokens;
  const member = memberViewer('org-b').tokens;
  const owner = memberViewer(OWNER).tokens;
  const cases: [string, string[] | undefined, boolean, boolean][] = [
    // [label, markings, outsider sees, other member sees]
    ['TLP:CLEAR', [TLP2_MARKING_IDS.clear], true, true],
    ['TLP 1.0 WHITE', ['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'], true, true],
    ['TLP:GREEN', [TLP2_MARKING_IDS.green], false, true],
    ['TLP 1.0 GREEN', ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'], false, true],
    ['TLP:AMBER', [TLP2_MARKING_IDS.amber], false, false],
    ['TLP:AMBER+STRICT', [TLP2_MARKING_IDS['amber+strict']], false, false],
    ['TLP:RED', [TLP2_MARKING_IDS.red], false, false],
    ['TLP 1.0 RED', ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'], false, false],
    ['unmarked', undefined, false, false],
    ['unknown marking', ['marking-definition--11111111-2222-4333-8444-555555555555'], false, false],
    [
      'CLEAR plus an unknown marking',
      [TLP2_MARKING_IDS.clear, 'marking-definition--11111111-2222-4333-8444-555555555555'],
      false,
      false,
    ],
    [
      'CLEAR and RED together: the strictest wins',
      [TLP2_MARKING_IDS.clear, TLP2_MARKING_IDS.red],
      false,
      false,
    ],
  ];
  for (const [label, markings, outsiderSees, memberSees] of cases) {
    const audience = audienceOf(object(markings), { ownerOrganizationId: OWNER });
    assert.equal(sees(outsider, audience), outsiderSees, `${label}: outsider`);
    assert.equal(sees(member, audience), memberSees, `${label}: other member`);
    assert.equal(sees(owner, audience), true, `${label}: the owner always sees its own`);
  }
});

test('audienceOf :: the TLP marking definitions themselves are public', () => {
  const tlpDefinition: StixObject = { type: 'marking-definition', id: TLP2_MARKING_IDS.amber };
  assert.ok(audienceOf(tlpDefinition, { ownerOrganizationId: OWNER }).includes('public'));
});
