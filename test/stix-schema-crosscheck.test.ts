import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SCO_DEFINITIONS } from '../src/stix/definitions-sco.js';
import { SDO_DEFINITIONS, SRO_DEFINITIONS } from '../src/stix/definitions-sdo.js';
import type { PropertySpec, TypeDefinition } from '../src/stix/property-spec.js';
import { validateStixObject } from '../src/stix/validate.js';
import { sharedDataSkip, sharedPath } from './support/shared-data.js';

const skip = sharedDataSkip('stix21/json-schemas');
const DEFINITIONS: Record<string, TypeDefinition> = {
  ...SDO_DEFINITIONS,
  ...SRO_DEFINITIONS,
  ...SCO_DEFINITIONS,
};
const SAMPLE_REFS: Record<string, string> = {
  any: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  sdo: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b',
  sco: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
  sro: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
};

/** A valid value for a property spec (the first allowed target for references). */
function sampleValue(spec: PropertySpec): unknown {
  const ref = (to: readonly string[]) =>
    SAMPLE_REFS[to[0]!] ?? `${to[0]}--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f`;
  switch (spec.kind) {
    case 'timestamp':
      return '2020-01-01T00:00:00.000Z';
    case 'boolean':
      return false;
    case 'integer':
      return spec.min ?? 1;
    case 'number':
      return 1.5;
    case 'enum':
    case 'vocab':
      return spec.values[0];
    case 'strings':
    case 'vocabs':
      return ['tcp'];
    case 'ref':
      return ref(spec.to);
    case 'refs':
      return [ref(spec.to)];
    case 'hashes':
      return { 'SHA-256': 'aa'.repeat(32) };
    case 'dictionary':
    case 'object':
      return { key: 'value' };
    default:
      return 'text';
  }
}

/** The smallest valid object of a type by our definition: required props + one of each group. */
function minimalObject(type: string, definition: TypeDefinition): Record<string, unknown> {
  const object: Record<string, unknown> = {
    type,
    id: `${type}--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f`,
    spec_version: '2.1',
  };
  if (definition.category !== 'sco')
    Object.assign(object, {
      created: '2020-01-01T00:00:00.000Z',
      modified: '2020-01-01T00:00:00.000Z',
    });
  const names = [...definition.required, ...(definition.atLeastOneOf ?? []).map((g) => g[0]!)];
  for (const name of names) object[name] = sampleValue(definition.properties[name]!);
  if (type === 'malware') object.name = 'Family';
  return object;
}

/** Properties a schema requires at its top level (itself and its allOf parts). */
function schemaRequired(schema: {
  required?: string[];
  allOf?: { required?: string[] }[];
}): string[] {
  return [
    ...(schema.required ?? []),
    ...(schema.allOf ?? []).flatMap((part) => part.required ?? []),
  ];
}

describe('STIX validator :: cross-check with the OASIS JSON schemas', { skip }, () => {
  const folders = ['sdos', 'sros', 'observables'];
  const schemas = skip
    ? []
    : folders.flatMap((folder) =>
        readdirSync(sharedPath(`stix21/json-schemas/${folder}`)).map((file) => ({
          folder,
          type: file.replace(/\.json$/, ''),
          schema: JSON.parse(
            readFileSync(join(sharedPath(`stix21/json-schemas/${folder}`), file), 'utf8'),
          ) as { required?: string[]; allOf?: { required?: string[] }[] },
        })),
      );

  test('every schema has a definition of ours (all SDOs, SROs and SCOs are covered)', () => {
    assert.equal(schemas.length, 39);
    for (const { type } of schemas) assert.ok(DEFINITIONS[type], `no definition for ${type}`);
  });

  test("for each type: our minimal object satisfies the schema's required list, and removing any of those properties is reported", () => {
    const core = ['type', 'id'];
    for (const { folder, type, schema } of schemas) {
      const definition = DEFINITIONS[type]!;
      const object = minimalObject(type, definition);
      assert.deepEqual(validateStixObject(object).errors, [], `${type} minimal object is valid`);
      const required = [
        ...new Set([
          ...core,
          ...(folder === 'observables' ? [] : ['spec_version', 'created', 'modified']),
          ...schemaRequired(schema),
        ]),
      ];
      for (const name of required) {
        assert.ok(
          name in object,
          `${type}: the schema requires "${name}", so our minimal object has it`,
        );
        const without = { ...object };
        delete without[name];
        const errors = validateStixObject(without).errors;
        assert.ok(
          errors.some((e) => e.rule === 'required' && e.pointer === `/${name}`),
          `${type} without "${name}": ${JSON.stringify(errors)}`,
        );
      }
    }
  });
});
