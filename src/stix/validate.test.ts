import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { FACTORY_TYPES, makeStixObject, REFS } from '../../test/fixtures/stix/stix-factories.js';
import { TLP1_MARKING_IDS, TLP2_EXTENSION_ID, TLP2_MARKING_IDS } from './marking-rules.js';
import type { Problem } from './problem.js';
import { validateStixObject } from './validate.js';

type Obj = Record<string, unknown>;
const EXT = 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e';

/** The rules of the warnings of a valid object (asserting it is valid). */
function warningRules(object: unknown): string[] {
  const { errors, warnings } = validateStixObject(object);
  assert.deepEqual(errors, [], 'no errors');
  return warnings.map((w) => w.rule);
}

describe('validateStixObject :: what is a warning, not an error', () => {
  const cases: [string, Obj, string][] = [
    [
      'an open vocabulary value',
      makeStixObject('indicator', { indicator_types: ['spicy'] }),
      'open-vocabulary',
    ],
    [
      'a custom property (deprecated)',
      makeStixObject('indicator', { x_acme_score: 3 }),
      'custom-property',
    ],
    [
      'a custom x- object type (deprecated)',
      {
        type: 'x-acme-widget',
        id: 'x-acme-widget--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        spec_version: '2.1',
      },
      'custom-object',
    ],
    [
      'a common property the family does not take',
      makeStixObject('indicator', { defanged: true }),
      'not-applicable',
    ],
    [
      'an SCO id that is not the deterministic one (SHOULD)',
      makeStixObject('domain-name', { id: 'domain-name--11111111-2222-4333-8444-555555555555' }),
      'sco-id',
    ],
    [
      'a spec-defined relationship type between types it is not defined for',
      makeStixObject('relationship', { relationship_type: 'indicates', target_ref: REFS.identity }),
      'relationship-combination',
    ],
    [
      'derived-from between objects of different types',
      makeStixObject('relationship', { relationship_type: 'derived-from' }),
      'relationship-combination',
    ],
    [
      'the deprecated observed-data "objects"',
      makeStixObject('observed-data', {
        object_refs: undefined,
        objects: { '0': { type: 'ipv4-addr', value: '198.51.100.3' } },
      }),
      'deprecated',
    ],
    [
      'a custom extension key (deprecated)',
      makeStixObject('indicator', { extensions: { 'x-acme-ext': { rank: 1 } } }),
      'custom-extension',
    ],
    [
      'a marking type other than statement and tlp',
      makeStixObject('marking-definition', { definition_type: 'acme', definition: { level: 3 } }),
      'custom-marking',
    ],
    ['upper-case hex', makeStixObject('file', { magic_number_hex: 'FFD8' }), 'hex-case'],
    [
      'a kill chain name that is not lower case with hyphens',
      makeStixObject('indicator', {
        kill_chain_phases: [{ kill_chain_name: 'Lockheed Martin', phase_name: 'delivery' }],
      }),
      'kill-chain-name',
    ],
    [
      'a "cve" reference without a CVE id',
      makeStixObject('vulnerability', {
        external_references: [{ source_name: 'cve', external_id: 'MS17-010' }],
      }),
      'external-id',
    ],
  ];
  for (const [what, object, rule] of cases) {
    test(`${what}: ${rule}`, () => {
      assert.deepEqual(warningRules(object), [rule]);
    });
  }
});

describe('validateStixObject :: valid forms the specification allows', () => {
  test('every factory object of the 42 STIX 2.1 types is valid and has no warning', () => {
    assert.equal(FACTORY_TYPES.length, 42);
    for (const type of FACTORY_TYPES)
      assert.deepEqual(
        validateStixObject(makeStixObject(type)),
        { errors: [], warnings: [] },
        type,
      );
  });

  test('an object type defined by a new-sdo extension, with its own nested extensions, has no warning', () => {
    const impact = {
      type: 'impact',
      spec_version: '2.1',
      id: 'impact--0c9511ac-e14b-4f48-9d49-54bfc93c9b34',
      created: '2023-05-02T20:00:00.0002Z',
      modified: '2023-05-02T20:00:00.0002Z',
      impact_category: 'monetary',
      extensions: {
        [EXT]: { extension_type: 'new-sdo' },
        monetary: { currency: 'usd', max_amount: 10 },
      },
    };
    assert.deepEqual(warningRules(impact), []);
    assert.deepEqual(
      validateStixObject({ ...impact, modified: undefined }).errors.map((e) => e.rule),
      ['required'],
    );
  });

  test('a toplevel-property-extension makes its top-level properties legitimate', () => {
    const object = makeStixObject('indicator', {
      x_acme_rank: 3,
      extensions: { [EXT]: { extension_type: 'toplevel-property-extension' } },
    });
    assert.deepEqual(warningRules(object), []);
  });

  test('the four predefined TLP 1.0 and the OASIS TLP 2.0 marking definitions are valid', () => {
    for (const [colour, id] of Object.entries(TLP1_MARKING_IDS)) {
      const tlp1 = makeStixObject('marking-definition', {
        id,
        created: '2017-01-20T00:00:00.000Z',
        name: `TLP:${colour.toUpperCase()}`,
        definition_type: 'tlp',
        definition: { tlp: colour },
      });
      assert.deepEqual(warningRules(tlp1), [], colour);
    }
    for (const [level, id] of Object.entries(TLP2_MARKING_IDS)) {
      const tlp2 = makeStixObject('marking-definition', {
        id,
        definition_type: undefined,
        definition: undefined,
        name: `TLP:${level.toUpperCase()}`,
        extensions: {
          [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level },
        },
      });
      assert.deepEqual(warningRules(tlp2), [], level);
    }
    const homeMade = makeStixObject('marking-definition', {
      definition_type: undefined,
      definition: undefined,
      extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: 'red' } },
    });
    assert.deepEqual(warningRules(homeMade), ['tlp-marking']);
  });

  test('predefined SCO extensions are checked against their property tables', () => {
    const file = makeStixObject('file', {
      extensions: {
        'ntfs-ext': {
          sid: '1234567',
          alternate_data_streams: [{ name: 'second.stream', size: 25536 }],
        },
        'windows-pebinary-ext': {
          pe_type: 'exe',
          number_of_sections: 4,
          sections: [{ name: '.text', entropy: 6.1 }],
        },
      },
    });
    assert.deepEqual(warningRules(file), []);
    const badSection = makeStixObject('file', {
      extensions: { 'windows-pebinary-ext': { pe_type: 'exe', sections: [{ size: 1 }] } },
    });
    assert.deepEqual(
      validateStixObject(badSection).errors.map((e) => [e.rule, e.pointer]),
      [['required', '/extensions/windows-pebinary-ext/sections/0/name']],
    );
  });

  test('granular marking selectors may reach list items and nested properties', () => {
    const object = makeStixObject('indicator', {
      indicator_types: ['malicious-activity', 'attribution'],
      external_references: [{ source_name: 'acme', url: 'https://example.com' }],
      granular_markings: [
        {
          marking_ref: REFS.tlpGreen,
          selectors: ['indicator_types.[1]', 'external_references.[0].url', 'pattern'],
        },
        { lang: 'de', selectors: ['id'] },
      ],
    });
    assert.deepEqual(warningRules(object), []);
    const beyond = {
      ...object,
      granular_markings: [{ marking_ref: REFS.tlpGreen, selectors: ['indicator_types.[2]'] }],
    };
    assert.deepEqual(
      validateStixObject(beyond).errors.map((e) => e.rule),
      ['selector-unresolved'],
    );
  });

  test('an SCO id in upper-case hex still matches its deterministic id', () => {
    const ip = makeStixObject('ipv4-addr');
    assert.deepEqual(
      warningRules({ ...ip, id: String(ip.id).toUpperCase().replace('IPV4-ADDR', 'ipv4-addr') }),
      [],
    );
  });
});

describe('validateStixObject :: robustness', () => {
  test('never throws and always answers { errors, warnings } for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const result = validateStixObject(value);
        return Array.isArray(result.errors) && Array.isArray(result.warnings);
      }),
      { numRuns: 500 },
    );
  });

  test('any property of a valid object replaced by any JSON value: no throw, and every pointer is RFC 6901 into the object', () => {
    const types = fc.constantFrom(...FACTORY_TYPES);
    fc.assert(
      fc.property(
        types,
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.jsonValue({ maxDepth: 3 }),
        (type, name, value) => {
          const base = makeStixObject(type);
          const keys = Object.keys(base);
          const key = name.length % 2 === 0 ? keys[name.length % keys.length]! : name;
          const object = { ...base, [key]: value };
          const { errors, warnings } = validateStixObject(object);
          for (const problem of [...errors, ...warnings]) assertPointerInto(object, problem);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/** A problem's pointer is "" or a path of existing members, but for its last step on a missing property. */
function assertPointerInto(object: Obj, problem: Problem): void {
  if (problem.pointer === '') return;
  assert.ok(problem.pointer.startsWith('/'), problem.pointer);
  const steps = problem.pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = object;
  for (const [i, step] of steps.entries()) {
    const last = i === steps.length - 1;
    if (last && (problem.rule === 'required' || problem.rule === 'exclusive')) return;
    assert.ok(
      typeof node === 'object' && node !== null && Object.hasOwn(node, step),
      `${problem.rule} ${problem.pointer}`,
    );
    node = (node as Obj)[step];
  }
}

describe('validateStixObject :: names of Object.prototype members are ordinary names', () => {
  // A stand-in of the same character classes, so naming rules judge both alike.
  const standIn = (name: string) => name.replace(/[a-z]/g, 'q').replace(/[A-Z]/g, 'Q');
  const contexts: [string, (name: string) => Obj][] = [
    ['a hash algorithm', (n) => makeStixObject('file', { hashes: { [n]: 'ab' } })],
    ['a property', (n) => makeStixObject('malware', { [n]: 1 })],
    [
      'an object type',
      (n) => {
        const malware = makeStixObject('malware');
        return { ...malware, type: n, id: String(malware.id).replace('malware', n) };
      },
    ],
    ['an extension', (n) => makeStixObject('file', { extensions: { [n]: { x: 1 } } })],
    [
      'a property of a predefined extension',
      (n) =>
        makeStixObject('file', {
          extensions: { 'archive-ext': { contains_refs: [REFS.ipv4], [n]: 1 } },
        }),
    ],
    ['a relationship type', (n) => makeStixObject('relationship', { relationship_type: n })],
  ];
  const rules = (object: Obj, name: string) => {
    const { errors, warnings } = validateStixObject(object);
    return [...errors, ...warnings].map((p) => `${p.rule} ${p.pointer.replace(name, 'NAME')}`);
  };
  for (const [context, build] of contexts)
    test(`as ${context}: judged as any other name of its shape`, () => {
      for (const name of Object.getOwnPropertyNames(Object.prototype)) {
        const other = standIn(name);
        assert.deepEqual(rules(build(name), name), rules(build(other), other), name);
      }
    });
});
