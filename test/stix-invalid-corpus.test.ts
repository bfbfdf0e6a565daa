import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateStixObject } from '../src/stix/validate.js';

const indicator = (extra: Record<string, unknown> = {}, drop: string[] = []) => {
  const object: Record<string, unknown> = {
    type: 'indicator',
    spec_version: '2.1',
    id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    created: '2016-04-06T20:03:48.000Z',
    modified: '2016-04-06T20:03:48.000Z',
    pattern:
      "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
    pattern_type: 'stix',
    valid_from: '2016-01-01T00:00:00Z',
    ...extra,
  };
  for (const name of drop) delete object[name];
  return object;
};
const relationship = (extra: Record<string, unknown>) => ({
  type: 'relationship',
  spec_version: '2.1',
  id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
  created: '2016-04-06T20:06:37.000Z',
  modified: '2016-04-06T20:06:37.000Z',
  relationship_type: 'indicates',
  source_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  target_ref: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b',
  ...extra,
});

/** [description, object, rule, pointer, message fragment] — one invalid object per rule. */
const CORPUS: [string, unknown, string, string, RegExp][] = [
  ['not an object', 'indicator', 'not-an-object', '', /must be a JSON object/],
  ['an array', [indicator()], 'not-an-object', '', /an array/],
  [
    'a bundle',
    { type: 'bundle', id: 'bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' },
    'bundle',
    '/type',
    /container/,
  ],
  ['missing type', indicator({}, ['type']), 'required', '/type', /"type"/],
  [
    'bad type name',
    indicator({ type: 'Indicator!' }),
    'type-name',
    '/type',
    /not a valid type name/,
  ],
  ['missing id', indicator({}, ['id']), 'required', '/id', /"id"/],
  [
    'id not <type>--<uuid>',
    indicator({ id: 'indicator--1234' }),
    'identifier',
    '/id',
    /not a STIX identifier/,
  ],
  [
    'id type mismatch',
    indicator({ id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }),
    'identifier-type',
    '/id',
    /does not match/,
  ],
  [
    'missing spec_version',
    indicator({}, ['spec_version']),
    'required',
    '/spec_version',
    /spec_version/,
  ],
  [
    'wrong spec_version',
    indicator({ spec_version: '2.0' }),
    'spec-version',
    '/spec_version',
    /"2\.1"/,
  ],
  ['missing created', indicator({}, ['created']), 'required', '/created', /requires "created"/],
  ['missing modified', indicator({}, ['modified']), 'required', '/modified', /requires "modified"/],
  [
    'month 13, day 40',
    indicator({ created: '2026-13-40T00:00:00Z', modified: '2026-13-40T00:00:00Z' }),
    'timestamp',
    '/created',
    /month 13/,
  ],
  [
    '30 February',
    indicator({ valid_from: '2023-02-30T00:00:00Z' }),
    'timestamp',
    '/valid_from',
    /day 30/,
  ],
  [
    'timestamp without Z',
    indicator({ valid_from: '2016-01-01T00:00:00+01:00' }),
    'timestamp',
    '/valid_from',
    /RFC 3339 UTC/,
  ],
  [
    'timestamp as a number',
    indicator({ valid_from: 1451606400 }),
    'type',
    '/valid_from',
    /timestamp string/,
  ],
  [
    'modified before created',
    indicator({ modified: '2016-04-05T20:03:48.000Z' }),
    'modified-before-created',
    '/modified',
    /earlier than "created"/,
  ],
  [
    'valid_until before valid_from',
    indicator({ valid_until: '2015-01-01T00:00:00Z' }),
    'timestamp-order',
    '/valid_until',
    /earlier than "valid_from"/,
  ],
  [
    'missing required pattern',
    indicator({}, ['pattern']),
    'required',
    '/pattern',
    /requires "pattern"/,
  ],
  ['wrong property type', indicator({ name: 42 }), 'type', '/name', /"name" must be a string/],
  ['confidence out of range', indicator({ confidence: 101 }), 'range', '/confidence', /0 to 100/],
  ['revoked not boolean', indicator({ revoked: 'yes' }), 'type', '/revoked', /true or false/],
  ['labels not strings', indicator({ labels: [1] }), 'type', '/labels', /list of strings/],
  [
    'created_by_ref to a non-identity',
    indicator({ created_by_ref: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b' }),
    'reference-type',
    '/created_by_ref',
    /identity/,
  ],
  [
    'marking ref to a non-marking',
    indicator({ object_marking_refs: ['identity--31b940d4-6f7f-459a-80ea-9c1f17b5891b'] }),
    'reference-type',
    '/object_marking_refs/0',
    /marking-definition/,
  ],
  [
    'malformed reference',
    indicator({ created_by_ref: 'identity--nope' }),
    'identifier',
    '/created_by_ref',
    /not a STIX identifier/,
  ],
  [
    'external reference without source_name',
    indicator({ external_references: [{ url: 'https://x.example' }] }),
    'required',
    '/external_references/0/source_name',
    /source_name/,
  ],
  [
    'kill chain phase without phase_name',
    indicator({ kill_chain_phases: [{ kill_chain_name: 'lockheed' }] }),
    'required',
    '/kill_chain_phases/0/phase_name',
    /phase_name/,
  ],
  [
    'granular marking with both ref and lang',
    indicator({
      granular_markings: [
        {
          marking_ref: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
          lang: 'en',
          selectors: ['name'],
        },
      ],
    }),
    'granular-marking',
    '/granular_markings/0',
    /exactly one/,
  ],
  [
    'granular marking bad selector',
    indicator({ granular_markings: [{ lang: 'en', selectors: ['a..b'] }] }),
    'selector',
    '/granular_markings/0/selectors/0',
    /property path/,
  ],
  [
    'bad extension key',
    indicator({ extensions: { 'Bad Key!': {} } }),
    'extension-key',
    '/extensions/Bad Key!',
    /extension-definition id/,
  ],
  [
    'bad extension_type',
    indicator({
      extensions: {
        'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e': { extension_type: 'magic' },
      },
    }),
    'closed-vocabulary',
    '/extensions/extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e/extension_type',
    /extension_type/,
  ],
  [
    'bad custom property name',
    indicator({ 'X-Weird': 1 }),
    'property-name',
    '/X-Weird',
    /not a valid property name/,
  ],
  [
    'closed vocabulary value',
    {
      type: 'opinion',
      spec_version: '2.1',
      id: 'opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7',
      created: '2016-05-12T08:17:27.000Z',
      modified: '2016-05-12T08:17:27.000Z',
      opinion: 'maybe',
      object_refs: ['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
    },
    'closed-vocabulary',
    '/opinion',
    /strongly-disagree/,
  ],
  [
    'relationship to a marking definition',
    relationship({ target_ref: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9' }),
    'reference-type',
    '/target_ref',
    /sdo or sco/,
  ],
  [
    'relationship type with spaces',
    relationship({ relationship_type: 'is related to' }),
    'relationship-type',
    '/relationship_type',
    /a–z/,
  ],
  [
    'sighting of an SCO',
    {
      type: 'sighting',
      spec_version: '2.1',
      id: 'sighting--ee20065d-2555-424f-ad9e-0f8428623c75',
      created: '2016-04-06T20:08:31.000Z',
      modified: '2016-04-06T20:08:31.000Z',
      sighting_of_ref: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
    },
    'reference-type',
    '/sighting_of_ref',
    /must reference sdo/,
  ],
  [
    'malware family without name',
    {
      type: 'malware',
      spec_version: '2.1',
      id: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b',
      created: '2016-04-06T20:07:09.000Z',
      modified: '2016-04-06T20:07:09.000Z',
      is_family: true,
    },
    'required',
    '/name',
    /is_family true/,
  ],
  [
    'location without any place',
    {
      type: 'location',
      spec_version: '2.1',
      id: 'location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64',
      created: '2016-04-06T20:03:00.000Z',
      modified: '2016-04-06T20:03:00.000Z',
      name: 'Somewhere',
    },
    'required',
    '',
    /at least one of "region", "country", "latitude"/,
  ],
  [
    'SCO missing its value',
    {
      type: 'ipv4-addr',
      spec_version: '2.1',
      id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
    },
    'required',
    '/value',
    /requires "value"/,
  ],
  [
    'network-traffic ref to a file',
    {
      type: 'network-traffic',
      id: 'network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d',
      protocols: ['tcp'],
      src_ref: 'file--4cc3bc5d-7c7b-5ae8-9ba2-1a9bbc85c3a9',
    },
    'reference-type',
    '/src_ref',
    /ipv4-addr/,
  ],
  [
    'port out of range',
    {
      type: 'network-traffic',
      id: 'network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d',
      protocols: ['tcp'],
      dst_ref: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
      dst_port: 70000,
    },
    'range',
    '/dst_port',
    /0 to 65535/,
  ],
  [
    'empty hashes',
    { type: 'file', id: 'file--4cc3bc5d-7c7b-5ae8-9ba2-1a9bbc85c3a9', hashes: {} },
    'empty-hashes',
    '/hashes',
    /at least one hash/,
  ],
  [
    'payload not base64',
    {
      type: 'artifact',
      id: 'artifact--6f437177-6e48-5cf8-9d9e-872a2bddd641',
      payload_bin: 'not base64!',
    },
    'type',
    '/payload_bin',
    /base64/,
  ],
  [
    'TLP 1.0 marking with an unknown colour',
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      definition: { tlp: 'purple' },
    },
    'closed-vocabulary',
    '/definition/tlp',
    /white, green, amber, red/,
  ],
  [
    'marking definition with nothing to define it',
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
      created: '2017-01-20T00:00:00.000Z',
    },
    'marking-definition',
    '',
    /definition_type/,
  ],
  ['NUL in a string', indicator({ name: 'a\u0000b' }), 'string-nul', '/name', /NUL/],
  [
    'NUL in a property name',
    indicator({ ['x_a\u0000b']: 1 }),
    'string-nul',
    '/x_a\u0000b',
    /property name/,
  ],
  [
    'lone surrogate',
    indicator({ description: 'x\ud800y' }),
    'string-lone-surrogate',
    '/description',
    /surrogate/,
  ],
  [
    'lone surrogate deep inside',
    indicator({ external_references: [{ source_name: 's', description: '\udfff' }] }),
    'string-lone-surrogate',
    '/external_references/0/description',
    /surrogate/,
  ],
];

describe('STIX validator :: invalid corpus (one object per rule)', () => {
  for (const [description, object, rule, pointer, message] of CORPUS) {
    test(`rejects ${description} with ${rule} at "${pointer}"`, () => {
      const { errors } = validateStixObject(object);
      const match = errors.find((e) => e.rule === rule && e.pointer === pointer);
      assert.ok(match, `expected ${rule} at "${pointer}", got ${JSON.stringify(errors)}`);
      assert.match(match.message, message);
      assert.equal(match.severity, 'error');
    });
  }

  test('rejects 10,000 nested levels without overflowing the stack', () => {
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i++) deep = { x: deep };
    const { errors } = validateStixObject(indicator({ x_deep: deep }));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.rule, 'too-deep');
    assert.match(errors[0]?.pointer ?? '', /^\/x_deep(\/x)+$/);
  });

  test('the valid base object of the corpus is valid, so each case fails for its own reason', () => {
    assert.deepEqual(validateStixObject(indicator()).errors, []);
    assert.deepEqual(validateStixObject(relationship({})).errors, []);
  });

  test('open vocabulary values, custom properties and custom objects are warnings, not errors', () => {
    const result = validateStixObject(indicator({ indicator_types: ['spicy'], x_acme_score: 3 }));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.warnings.map((w) => w.rule).sort(), [
      'custom-property',
      'open-vocabulary',
    ]);
    const custom = validateStixObject({
      type: 'x-acme-widget',
      id: 'x-acme-widget--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      spec_version: '2.1',
      created: '2020-01-01T00:00:00.000Z',
      modified: '2020-01-01T00:00:00.000Z',
    });
    assert.deepEqual(custom.errors, []);
    assert.equal(custom.warnings[0]?.rule, 'custom-object');
  });

  test('an SCO whose id is not the deterministic one gets a warning (SHOULD, §2.9)', () => {
    const result = validateStixObject({
      type: 'domain-name',
      spec_version: '2.1',
      id: 'domain-name--11111111-2222-4333-8444-555555555555',
      value: 'example.com',
    });
    assert.deepEqual(result.errors, []);
    assert.equal(result.warnings[0]?.rule, 'sco-id');
    assert.match(result.warnings[0]?.message ?? '', /domain-name--[0-9a-f-]{36}/);
  });
});
