import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StixObject } from '../stix/types.js';
import { granularAudiences, type GranularAudience } from './audience.js';
import { recipientsMarkingId, type MarkingMeaning } from './markings.js';
import { parseSelector, redact } from './redact.js';
import { TLP2_MARKING_IDS } from './tlp.js';
import { memberViewer, peerViewer } from './viewer.js';

const REPORT: StixObject = {
  type: 'report',
  spec_version: '2.1',
  id: 'report--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  name: 'Ransomware worm',
  description: 'Source: a sensitive partner telemetry feed',
  labels: ['worm', 'ransomware', 'smb'],
  external_references: [
    { source_name: 'partner', url: 'https://partner.example/secret' },
    { source_name: 'public', url: 'https://blog.example/post' },
  ],
  object_refs: ['indicator--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0062'],
  object_marking_refs: [TLP2_MARKING_IDS.green],
};

const secret = (selectors: string[]): GranularAudience => ({
  selectors,
  audience: ['org:owner'],
});

test('redact :: returns the same object when there are no granular audiences or the viewer may see them all', () => {
  assert.equal(redact(REPORT, undefined, memberViewer('x')), REPORT);
  assert.equal(redact(REPORT, [], memberViewer('x')), REPORT);
  assert.equal(redact(REPORT, [secret(['description'])], memberViewer('owner')), REPORT);
});

test('redact :: removes the selected properties, list elements and nested fields, never the input', () => {
  const before = structuredClone(REPORT);
  const out = redact(
    REPORT,
    [secret(['description', 'labels.[0]', 'labels.[2]', 'external_references.[0].url'])],
    memberViewer('other'),
  );
  assert.deepEqual(REPORT, before, 'the stored object is not mutated');
  assert.equal(out.description, undefined);
  assert.ok(!('description' in out));
  assert.deepEqual(out.labels, ['ransomware']);
  assert.deepEqual(out.external_references, [
    { source_name: 'partner' },
    { source_name: 'public', url: 'https://blog.example/post' },
  ]);
  assert.equal(out.name, REPORT.name);
});

test('redact :: a selector named twice (or by two markings) removes one element, not two', () => {
  const out = redact(
    REPORT,
    [secret(['labels.[0]']), secret(['labels.[0]', 'labels.[00]'])],
    memberViewer('other'),
  );
  assert.deepEqual(out.labels, ['ransomware', 'smb']);
});

test('redact :: a removed list element and a field inside it do not disturb each other', () => {
  const out = redact(
    REPORT,
    [
      secret([
        'external_references.[0]',
        'external_references.[0].url',
        'external_references.[1].url',
      ]),
    ],
    memberViewer('other'),
  );
  assert.deepEqual(out.external_references, [{ source_name: 'public' }]);
});

test('redact :: never removes type, id, spec_version or the markings; ignores malformed or missing selectors', () => {
  const out = redact(
    REPORT,
    [
      secret([
        'type',
        'id',
        'spec_version',
        'object_marking_refs',
        'granular_markings',
        'nope.[3]',
        'labels.[9]',
        'a..b',
        '[0]',
        '',
      ]),
    ],
    memberViewer('other'),
  );
  assert.deepEqual(out, REPORT);
});

test('parseSelector :: STIX 2.1 §7.2.3.1 selector syntax', () => {
  assert.deepEqual(parseSelector('description'), ['description']);
  assert.deepEqual(parseSelector('external_references.[1].url'), ['external_references', 1, 'url']);
  assert.equal(parseSelector('[0]'), undefined);
  assert.equal(parseSelector('a.[x]'), undefined);
});

test('granular markings :: RED plus recipients on a property of a GREEN object: the recipients and the owner see it, peers too; others get the object without it', () => {
  const R = 'identity--0c7b5b88-8ff7-4a4d-aa9d-feb398cd00aa';
  const recipients = recipientsMarkingId([R]);
  const G = '0c7b5b88-8ff7-4a4d-aa9d-feb398cd0a01';
  const resolve = (id: string): MarkingMeaning | undefined => {
    if (id === recipients) return { kind: 'recipients', identityIds: [R] };
    if (id === `marking-definition--${G}`) return { kind: 'group', groupId: G };
    for (const level of ['clear', 'green', 'amber', 'red'] as const)
      if (id === TLP2_MARKING_IDS[level]) return { kind: 'tlp', level };
    return undefined;
  };
  const context = {
    ownerOrganizationId: 'owner',
    resolveMarking: resolve,
    organizationOfIdentity: (id: string) => (id === R ? 'r' : undefined),
  };
  const object: StixObject = {
    ...REPORT,
    granular_markings: [
      { marking_ref: TLP2_MARKING_IDS.red, selectors: ['description'] },
      { marking_ref: recipients, selectors: ['description'] },
      { marking_ref: TLP2_MARKING_IDS.clear, selectors: ['name'] },
      { lang: 'fr', selectors: ['labels'] },
    ],
  };
  const granular = granularAudiences(object, context);
  // CLEAR on top of GREEN keeps GREEN (the markings add up); language markings restrict nobody.
  assert.deepEqual(
    granular.map((g) => g.selectors),
    [['description']],
  );
  const member = redact(object, granular, memberViewer('m'));
  assert.equal(member.description, undefined);
  assert.equal(member.name, REPORT.name);
  assert.deepEqual(member.labels, REPORT.labels);
  assert.equal(redact(object, granular, memberViewer('owner')), object);
  assert.equal(redact(object, granular, memberViewer('r')), object);
  assert.equal(redact(object, granular, peerViewer('r')), object);

  // RED alone names nobody: only the owner sees the property.
  const redOnly = granularAudiences(
    {
      ...object,
      granular_markings: [{ marking_ref: TLP2_MARKING_IDS.red, selectors: ['description'] }],
    },
    context,
  );
  assert.equal(redact(object, redOnly, memberViewer('r')).description, undefined);

  // A trust group on a property narrows the object's groups to it.
  const grouped: StixObject = {
    ...REPORT,
    object_marking_refs: [TLP2_MARKING_IDS.amber, recipients],
    granular_markings: [{ marking_ref: `marking-definition--${G}`, selectors: ['description'] }],
  };
  const narrowed = granularAudiences(grouped, context);
  assert.equal(
    redact(grouped, narrowed, memberViewer('r')).description,
    undefined,
    'r sees the object, not the group property',
  );
  assert.equal(redact(grouped, narrowed, memberViewer('g', [G])), grouped);
  assert.equal(redact(grouped, narrowed, memberViewer('owner')), grouped);
});
