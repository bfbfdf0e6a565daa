import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ALL_COMMON } from '../src/stix/common-properties.js';
import { DEFINITIONS, validateStixObject } from '../src/stix/validate.js';
import { FACTORY_TYPES, makeStixObject } from './fixtures/stix/stix-factories.js';
import { sharedDataSkip, sharedPath } from './support/shared-data.js';

/**
 * Our verdicts against the informative OASIS JSON schemas (no JSON-schema engine: we read
 * their `required` lists and property `type`s, which is all this cross-check relies on).
 */
const skip = sharedDataSkip('stix21/json-schemas');

interface Schema {
  required?: string[];
  properties?: Record<string, SchemaProperty>;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
}
interface SchemaProperty {
  type?: string;
  $ref?: string;
  allOf?: { $ref?: string }[];
}

/** Required properties the schema inherits from the core schema it references. */
/** Where the specification requires more than the schema says (§3.2 common property table). */
const SPEC_REQUIRED_TOO: Record<string, string[]> = { 'extension-definition': ['created_by_ref'] };

const CORE_REQUIRED: Record<string, string[]> = {
  '../common/core.json': ['type', 'spec_version', 'id', 'created', 'modified'],
  '../common/cyber-observable-core.json': ['type', 'id'],
};

function load(path: string): Schema {
  return JSON.parse(readFileSync(path, 'utf8')) as Schema;
}

/** Unconditionally required properties: `required` of the schema, its allOf parts and core. */
function schemaRequired(schema: Schema): string[] {
  const parts = [schema, ...(schema.allOf ?? [])];
  return [
    ...new Set(
      parts.flatMap((p) => [...(p.required ?? []), ...(CORE_REQUIRED[p.$ref ?? ''] ?? [])]),
    ),
  ];
}

/** Properties required only as one choice of an anyOf/oneOf group. */
function groupRequired(schema: Schema): Set<string> {
  const names = new Set<string>();
  const visit = (s: Schema): void => {
    for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
      branch.required?.forEach((n) => names.add(n));
      visit(branch);
    }
    s.allOf?.forEach(visit);
  };
  visit(schema);
  return names;
}

/** Declared properties (top level and allOf parts) with the JSON type their values have. */
function schemaProperties(schema: Schema): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  for (const part of [schema, ...(schema.allOf ?? [])]) {
    for (const [name, property] of Object.entries(part.properties ?? {}))
      found.set(name, jsonType(property));
  }
  return found;
}

const REF_TYPES: Record<string, string> = {
  'timestamp.json': 'string',
  'identifier.json': 'string',
  'url-regex.json': 'string',
  'binary.json': 'string',
  'hex.json': 'string',
  'hashes-type.json': 'object',
  'dictionary.json': 'object',
};

function jsonType(property: SchemaProperty): string | undefined {
  if (property.type) return property.type;
  const ref = property.$ref ?? property.allOf?.find((p) => p.$ref)?.$ref ?? '';
  if (ref.endsWith('-dictionary') || ref.endsWith('-type')) return 'object';
  return REF_TYPES[ref.split('/').pop() ?? ''];
}

/** A value of another JSON type than `type`. */
const WRONG: Record<string, unknown> = {
  string: 12345,
  integer: 'twelve',
  number: 'one and a half',
  boolean: 'true',
  array: 'not a list',
  object: ['not', 'an', 'object'],
};

const folders: [string, string[] | undefined][] = [
  ['sdos', undefined],
  ['sros', undefined],
  ['observables', undefined],
  ['common', ['marking-definition', 'extension-definition', 'language-content']],
];
const schemas = skip
  ? []
  : folders.flatMap(([folder, only]) =>
      readdirSync(sharedPath(`stix21/json-schemas/${folder}`))
        .map((file) => file.replace(/\.json$/, ''))
        .filter((type) => only === undefined || only.includes(type))
        .map((type) => ({
          type,
          schema: load(join(sharedPath(`stix21/json-schemas/${folder}`), `${type}.json`)),
        })),
    );

describe('STIX validator :: cross-check with the OASIS JSON schemas', { skip }, () => {
  test('the schemas cover the same 42 types as our definitions and factory', () => {
    assert.equal(schemas.length, 42);
    for (const { type } of schemas) {
      assert.ok(DEFINITIONS[type], `no definition for ${type}`);
      assert.ok(FACTORY_TYPES.includes(type), `no factory for ${type}`);
    }
  });

  test('an object with just the schema-required properties (and one of each required group) is accepted', () => {
    for (const { type, schema } of schemas) {
      const object = makeStixObject(type);
      assert.deepEqual(validateStixObject(object).errors, [], type);
      const required = schemaRequired(schema);
      const groups = groupRequired(schema);
      for (const name of required) assert.ok(name in object, `${type}: schema requires "${name}"`);
      for (const name of Object.keys(object)) {
        assert.ok(
          required.includes(name) || groups.has(name) || SPEC_REQUIRED_TOO[type]?.includes(name),
          `${type}: "${name}" is neither required by the schema nor one of a required group`,
        );
      }
    }
  });

  test('removing any schema-required property is reported as "required" at its pointer', () => {
    for (const { type, schema } of schemas) {
      for (const name of schemaRequired(schema)) {
        const object = makeStixObject(type, { [name]: undefined });
        const { errors } = validateStixObject(object);
        assert.ok(
          errors.some((e) => e.rule === 'required' && e.pointer === `/${name}`),
          `${type} without "${name}": ${JSON.stringify(errors)}`,
        );
      }
    }
  });

  test('every property a schema declares is known to us, so it is never taken for a custom property', () => {
    for (const { type, schema } of schemas) {
      const definition = DEFINITIONS[type]!;
      for (const name of schemaProperties(schema).keys()) {
        if (name === 'type' || name === 'id') continue;
        assert.ok(name in definition.properties || ALL_COMMON.has(name), `${type}.${name}`);
      }
    }
  });

  test('a value of another JSON type than the schema declares is an error at that property', () => {
    let checked = 0;
    for (const { type, schema } of schemas) {
      for (const [name, jsonType] of schemaProperties(schema)) {
        if (name === 'type' || name === 'id' || jsonType === undefined) continue;
        const object = makeStixObject(type, { [name]: WRONG[jsonType] });
        const { errors } = validateStixObject(object);
        assert.ok(
          errors.some((e) => e.pointer === `/${name}` || e.pointer.startsWith(`/${name}/`)),
          `${type}.${name} (${jsonType}) = ${JSON.stringify(WRONG[jsonType])}: ${JSON.stringify(errors)}`,
        );
        checked++;
      }
    }
    assert.ok(checked > 250, `only ${checked} properties checked`);
  });
});
