import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateStixObject } from '../src/stix/validate.js';
import { makeStixObject, REFS } from './fixtures/stix/stix-factories.js';

type Obj = Record<string, unknown>;
const indicator = (overrides: Obj = {}) => makeStixObject('indicator', overrides);
const relationship = (overrides: Obj) => makeStixObject('relationship', overrides);
const EXT = 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e';
const TLP2 = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
const JUNE = '2020-06-01T00:00:00.000Z';

/**
 * [what is wrong, object, rule, pointer, message fragment]: one invalid object per rule. Each
 * object is a valid factory object with exactly one defect, and must yield exactly one error.
 */
const CORPUS: [string, unknown, string, string, RegExp][] = [
  // Input safety, every object.
  [
    'a string instead of an object',
    'indicator',
    'not-an-object',
    '',
    /must be a JSON object, got string/,
  ],
  ['an array', [indicator()], 'not-an-object', '', /an array/],
  ['null', null, 'not-an-object', '', /null/],
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
    'lone surrogate deep inside, in a key needing pointer escapes',
    indicator({
      external_references: [{ source_name: 's', description: 'd', url: { 'a/b~c': '\udfff' } }],
    }),
    'string-lone-surrogate',
    '/external_references/0/url/a~1b~0c',
    /surrogate/,
  ],
  // Type and identifier (§2.9, §3.1).
  [
    'a bundle',
    { type: 'bundle', id: 'bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' },
    'bundle',
    '/type',
    /container/,
  ],
  ['missing type', indicator({ type: undefined }), 'required', '/type', /"type"/],
  [
    'bad type name',
    indicator({ type: 'Indicator!' }),
    'type-name',
    '/type',
    /not a valid type name/,
  ],
  [
    'type name starting with a digit',
    indicator({ type: '1ndicator' }),
    'type-name',
    '/type',
    /starting with a letter/,
  ],
  ['missing id', indicator({ id: undefined }), 'required', '/id', /"id"/],
  [
    'id not <type>--<uuid>',
    indicator({ id: 'indicator--1234' }),
    'identifier',
    '/id',
    /not a STIX identifier/,
  ],
  [
    'id UUID not RFC 4122 (version 0)',
    indicator({ id: 'indicator--8e2e2d2b-17d4-0cbf-938f-98ee46b3cd3f' }),
    'identifier',
    '/id',
    /RFC 4122/,
  ],
  [
    'id type mismatch',
    indicator({ id: `malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b` }),
    'identifier-type',
    '/id',
    /does not match/,
  ],
  // Common properties (§3.2).
  [
    'missing spec_version',
    indicator({ spec_version: undefined }),
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
  [
    'missing created',
    indicator({ created: undefined }),
    'required',
    '/created',
    /requires "created"/,
  ],
  [
    'missing modified',
    indicator({ modified: undefined }),
    'required',
    '/modified',
    /requires "modified"/,
  ],
  [
    'month 13, day 40',
    indicator({ valid_from: '2026-13-40T00:00:00Z' }),
    'timestamp',
    '/valid_from',
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
    'created to the second only',
    indicator({ created: '2020-01-01T00:00:00Z', modified: '2020-01-01T00:00:01.000Z' }),
    'timestamp-precision',
    '/created',
    /millisecond/,
  ],
  [
    'modified before created',
    indicator({ created: '2021-03-01T00:00:00.000Z', modified: '2020-01-01T00:00:00.000Z' }),
    'modified-before-created',
    '/modified',
    /"modified" \(2020-01-01T00:00:00.000Z\) is earlier than "created" \(2021-03-01T00:00:00.000Z\)/,
  ],
  ['confidence out of range', indicator({ confidence: 101 }), 'range', '/confidence', /0 to 100/],
  ['revoked not boolean', indicator({ revoked: 'yes' }), 'type', '/revoked', /true or false/],
  ['labels not strings', indicator({ labels: [1] }), 'type', '/labels/0', /list of strings/],
  ['empty list', indicator({ labels: [] }), 'empty-list', '/labels', /omit the property/],
  [
    'created_by_ref to a non-identity',
    indicator({ created_by_ref: REFS.malware }),
    'reference-type',
    '/created_by_ref',
    /identity/,
  ],
  [
    'marking ref to a non-marking',
    indicator({ object_marking_refs: [REFS.identity] }),
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
    'reserved property name',
    indicator({ severity: 'high' }),
    'reserved-property',
    '/severity',
    /reserved/,
  ],
  [
    'bad custom property name',
    indicator({ 'X-Weird': 1 }),
    'property-name',
    '/X-Weird',
    /not a valid property name/,
  ],
  [
    'external reference without source_name',
    indicator({ external_references: [{ url: 'https://x.example' }] }),
    'required',
    '/external_references/0/source_name',
    /source_name/,
  ],
  [
    'external reference with only source_name',
    indicator({ external_references: [{ source_name: 'acme' }] }),
    'external-reference-content',
    '/external_references/0',
    /"description", "url" or "external_id"/,
  ],
  [
    'kill chain phase without phase_name',
    indicator({ kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain' }] }),
    'required',
    '/kill_chain_phases/0/phase_name',
    /phase_name/,
  ],
  // Granular markings (§7.2.3).
  [
    'granular marking with both ref and lang',
    indicator({
      granular_markings: [{ marking_ref: REFS.tlpGreen, lang: 'en', selectors: ['pattern'] }],
    }),
    'granular-marking',
    '/granular_markings/0',
    /exactly one/,
  ],
  [
    'granular marking with a malformed selector',
    indicator({ granular_markings: [{ lang: 'en', selectors: ['pattern..x'] }] }),
    'selector',
    '/granular_markings/0/selectors/0',
    /property path/,
  ],
  [
    'granular marking selecting nothing',
    indicator({ granular_markings: [{ marking_ref: REFS.tlpGreen, selectors: ['description'] }] }),
    'selector-unresolved',
    '/granular_markings/0/selectors/0',
    /does not point/,
  ],
  // Data types (§2).
  [
    'empty dictionary',
    makeStixObject('process', { environment_variables: {} }),
    'empty-dictionary',
    '/environment_variables',
    /empty dictionary/,
  ],
  [
    'dictionary key with spaces',
    makeStixObject('process', { environment_variables: { 'MY VAR': '1' } }),
    'dictionary-key',
    '/environment_variables/MY VAR',
    /a–z, A–Z, 0–9/,
  ],
  [
    'empty hashes',
    makeStixObject('file', { hashes: {} }),
    'empty-hashes',
    '/hashes',
    /at least one hash/,
  ],
  [
    'MD5 of the wrong length',
    makeStixObject('file', { hashes: { MD5: 'abc123' } }),
    'hash-value',
    '/hashes/MD5',
    /not a MD5 hash/,
  ],
  [
    'payload not base64',
    makeStixObject('artifact', { payload_bin: 'not base64!' }),
    'type',
    '/payload_bin',
    /base64/,
  ],
  [
    'hex with an odd length',
    makeStixObject('file', { magic_number_hex: 'abc' }),
    'type',
    '/magic_number_hex',
    /even-length hex/,
  ],
  [
    'integer beyond 54 bits',
    makeStixObject('process', { pid: 2 ** 60 }),
    'range',
    '/pid',
    /from -9007199254740991 to 9007199254740991/,
  ],
  // Vocabularies (§2.4, §2.14).
  [
    'closed vocabulary value',
    makeStixObject('opinion', { opinion: 'maybe' }),
    'closed-vocabulary',
    '/opinion',
    /strongly-disagree/,
  ],
  [
    'closed vocabulary value in a list',
    makeStixObject('extension-definition', { extension_types: ['new-sdo', 'magic'] }),
    'closed-vocabulary',
    '/extension_types/1',
    /new-sdo/,
  ],
  // Relationships and references (§5).
  [
    'relationship to a marking definition',
    relationship({ target_ref: REFS.tlpGreen }),
    'reference-type',
    '/target_ref',
    /sdo or sco or custom, not marking-definition/,
  ],
  [
    'relationship type with spaces',
    relationship({ relationship_type: 'is related to' }),
    'relationship-type',
    '/relationship_type',
    /a–z/,
  ],
  [
    'relationship stop_time equal to start_time',
    relationship({ start_time: JUNE, stop_time: JUNE }),
    'timestamp-order',
    '/stop_time',
    /must be later/,
  ],
  [
    'sighting of an SCO',
    makeStixObject('sighting', { sighting_of_ref: REFS.ipv4 }),
    'reference-type',
    '/sighting_of_ref',
    /must reference sdo/,
  ],
  [
    'sighting where_sighted_refs to a malware',
    makeStixObject('sighting', { where_sighted_refs: [REFS.malware] }),
    'reference-type',
    '/where_sighted_refs/0',
    /identity or location/,
  ],
  // Per-type rules (§4, §6).
  [
    'missing required pattern',
    indicator({ pattern: undefined }),
    'required',
    '/pattern',
    /requires "pattern"/,
  ],
  [
    'wrong property type',
    indicator({ name: 42 }),
    'type',
    '/name',
    /"name" must be a string, got 42/,
  ],
  [
    'valid_until before valid_from',
    indicator({ valid_until: '2015-01-01T00:00:00Z' }),
    'timestamp-order',
    '/valid_until',
    /earlier than "valid_from"/,
  ],
  [
    'malware family without name',
    makeStixObject('malware', { is_family: true }),
    'required',
    '/name',
    /is_family true/,
  ],
  [
    'location without any place',
    makeStixObject('location', { region: undefined, name: 'Somewhere' }),
    'required',
    '',
    /at least one of "region", "country", "latitude"/,
  ],
  [
    'latitude without longitude',
    makeStixObject('location', { latitude: 48.8566 }),
    'required',
    '/longitude',
    /with "latitude" requires "longitude"/,
  ],
  [
    'latitude out of range',
    makeStixObject('location', { latitude: 91, longitude: 0 }),
    'range',
    '/latitude',
    /-90 to 90/,
  ],
  [
    'observed data with both objects and object_refs',
    makeStixObject('observed-data', {
      objects: { '0': { type: 'ipv4-addr', value: '198.51.100.3' } },
    }),
    'exclusive',
    '/object_refs',
    /not both/,
  ],
  [
    'SCO missing its value',
    makeStixObject('ipv4-addr', { value: undefined, id: REFS.ipv4 }),
    'required',
    '/value',
    /requires "value"/,
  ],
  [
    'IPv4 value that is no address',
    makeStixObject('ipv4-addr', { value: '198.51.100.300' }),
    'format',
    '/value',
    /IPv4 address/,
  ],
  [
    'MAC address in upper case',
    makeStixObject('mac-addr', { value: 'D2:FB:49:24:37:18' }),
    'format',
    '/value',
    /lower-case/,
  ],
  [
    'network-traffic ref to a file',
    makeStixObject('network-traffic', { src_ref: 'file--4cc3bc5d-7c7b-5ae8-9ba2-1a9bbc85c3a9' }),
    'reference-type',
    '/src_ref',
    /ipv4-addr/,
  ],
  [
    'port out of range',
    makeStixObject('network-traffic', { dst_port: 70000 }),
    'range',
    '/dst_port',
    /0 to 65535/,
  ],
  [
    'active traffic with an end',
    makeStixObject('network-traffic', { is_active: true, end: '2020-01-01T00:00:00Z' }),
    'exclusive',
    '/end',
    /no "end"/,
  ],
  [
    'artifact with payload and url',
    makeStixObject('artifact', {
      url: 'https://example.com/a.bin',
      hashes: { 'SHA-256': 'bb'.repeat(32) },
    }),
    'exclusive',
    '/url',
    /not both/,
  ],
  [
    'artifact url without hashes',
    makeStixObject('artifact', { payload_bin: undefined, url: 'https://example.com/a.bin' }),
    'required',
    '/hashes',
    /with "url" requires "hashes"/,
  ],
  [
    'multipart email with a body',
    makeStixObject('email-message', { is_multipart: true, body: 'hi' }),
    'exclusive',
    '/body',
    /body_multipart/,
  ],
  [
    'name_enc without name',
    makeStixObject('file', { name_enc: 'windows-1252' }),
    'required',
    '/name_enc',
    /only accompany "name"/,
  ],
  [
    'abbreviated registry hive',
    makeStixObject('windows-registry-key', { key: 'HKLM\\Software' }),
    'format',
    '/key',
    /HKEY_LOCAL_MACHINE/,
  ],
  [
    'registry value with no property',
    makeStixObject('windows-registry-key', { values: [{}] }),
    'required',
    '/values/0',
    /at least one property/,
  ],
  [
    'process with nothing but type and id',
    makeStixObject('process', { pid: undefined }),
    'required',
    '',
    /at least one of "is_hidden"/,
  ],
  // Extensions (§3.2, §3.10, §7.3).
  [
    'bad extension key',
    indicator({ extensions: { 'Bad Key!': {} } }),
    'extension-key',
    '/extensions/Bad Key!',
    /extension-definition id/,
  ],
  [
    'bad extension_type',
    indicator({ extensions: { [EXT]: { extension_type: 'magic' } } }),
    'closed-vocabulary',
    `/extensions/${EXT}/extension_type`,
    /extension_type/,
  ],
  [
    'extension-definition extension without extension_type',
    indicator({ extensions: { [EXT]: { rank: 3 } } }),
    'required',
    `/extensions/${EXT}/extension_type`,
    /needs "extension_type"/,
  ],
  [
    'new-sdo extension on a STIX type',
    indicator({ extensions: { [EXT]: { extension_type: 'new-sdo' } } }),
    'extension-type',
    `/extensions/${EXT}/extension_type`,
    /indicator is a STIX 2\.1 type/,
  ],
  [
    'file extension on a process',
    makeStixObject('process', { extensions: { 'ntfs-ext': { sid: '1234567' } } }),
    'extension-host',
    '/extensions/ntfs-ext',
    /extension of file objects/,
  ],
  [
    'predefined extension missing a required property',
    makeStixObject('network-traffic', {
      extensions: { 'http-request-ext': { request_method: 'get' } },
    }),
    'required',
    '/extensions/http-request-ext/request_value',
    /requires "request_value"/,
  ],
  [
    'extension_properties on a property-extension definition',
    makeStixObject('extension-definition', { extension_properties: ['x_rank'] }),
    'exclusive',
    '/extension_properties',
    /toplevel-property-extension/,
  ],
  // Marking definitions (§7.2.1).
  [
    'TLP 1.0 marking with an unknown colour',
    makeStixObject('marking-definition', {
      id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
      definition_type: 'tlp',
      definition: { tlp: 'purple' },
    }),
    'closed-vocabulary',
    '/definition/tlp',
    /white, green, amber, red/,
  ],
  [
    'a home-made TLP 1.0 marking definition',
    makeStixObject('marking-definition', { definition_type: 'tlp', definition: { tlp: 'green' } }),
    'tlp-marking',
    '/id',
    /Only the predefined TLP:GREEN/,
  ],
  [
    'TLP 2.0 extension with a TLP 1.0 colour',
    makeStixObject('marking-definition', {
      definition_type: undefined,
      definition: undefined,
      extensions: { [TLP2]: { extension_type: 'property-extension', tlp_2_0: 'white' } },
    }),
    'closed-vocabulary',
    `/extensions/${TLP2}/tlp_2_0`,
    /clear, green, amber, amber\+strict, red/,
  ],
  [
    'marking definition with nothing to define it',
    makeStixObject('marking-definition', { definition_type: undefined, definition: undefined }),
    'marking-definition',
    '',
    /definition_type/,
  ],
  [
    'statement marking without its statement',
    makeStixObject('marking-definition', { definition: { text: 'Copyright' } }),
    'required',
    '/definition/statement',
    /"statement" string/,
  ],
  [
    'marking definition marking itself',
    makeStixObject('marking-definition', {
      object_marking_refs: ['marking-definition--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
    }),
    'circular-marking',
    '/object_marking_refs',
    /may not mark itself/,
  ],
];

describe('STIX validator :: invalid corpus (one object per rule, exactly one error each)', () => {
  for (const [description, object, rule, pointer, message] of CORPUS) {
    test(`rejects ${description} with ${rule} at "${pointer}"`, () => {
      const { errors } = validateStixObject(object);
      assert.equal(
        errors.length,
        1,
        `expected only ${rule} at "${pointer}", got ${JSON.stringify(errors)}`,
      );
      const [error] = errors;
      assert.deepEqual([error?.rule, error?.pointer, error?.severity], [rule, pointer, 'error']);
      assert.match(error?.message ?? '', message);
    });
  }

  test('rejects 10,000 nested levels with one too-deep error, without overflowing the stack', () => {
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i++) deep = { x: deep };
    const { errors } = validateStixObject(indicator({ x_deep: deep }));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.rule, 'too-deep');
    assert.match(errors[0]?.pointer ?? '', /^\/x_deep(\/x){63}$/);
    let deepList: unknown = [];
    for (let i = 0; i < 10_000; i++) deepList = [deepList];
    assert.equal(validateStixObject(indicator({ x_list: deepList })).errors[0]?.rule, 'too-deep');
  });

  test('64 levels of nesting are accepted', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 63; i++) deep = { x: deep };
    assert.deepEqual(validateStixObject(indicator({ x_deep: deep })).errors, []);
  });

  test('every corpus object differs from a valid factory object, which has no errors', () => {
    assert.deepEqual(validateStixObject(indicator()).errors, []);
    assert.deepEqual(validateStixObject(relationship({})).errors, []);
  });
});
