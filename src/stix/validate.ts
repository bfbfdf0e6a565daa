import { checkProperty, type Reporter } from './check-property.js';
import {
  ALL_COMMON,
  checkExternalReferences,
  checkGranularMarkings,
  checkKillChainPhases,
  COMMON_PROFILES,
  COMMON_PROPERTIES,
  type CommonProfile,
} from './common-properties.js';
import { META_DEFINITIONS } from './definitions-meta.js';
import { SCO_DEFINITIONS } from './definitions-sco.js';
import { SDO_DEFINITIONS, SRO_DEFINITIONS } from './definitions-sdo.js';
import { deterministicScoId } from './deterministic-id.js';
import { checkExtensions, extensionFacts, type ExtensionFacts } from './extensions.js';
import { identifierType, PROPERTY_NAME, TYPE_NAME, uuidVersion } from './ids.js';
import { inputSafetyProblems, pointerSegment } from './input-safety.js';
import type { Problem, ValidationResult } from './problem.js';
import type { TypeDefinition } from './property-spec.js';
import { compareTimestamps, hasMillisecondPrecision, timestampProblem } from './timestamps.js';
import { checkTypeRules } from './type-rules.js';
import { ownEntry } from './own-entry.js';

/** Shared empty list for absent optional rule tables (no allocation per call). */
const NONE: readonly never[] = [];

type Obj = Record<string, unknown>;

/** Every type STIX 2.1 defines, with its property table. */
export const DEFINITIONS: Readonly<Record<string, TypeDefinition>> = Object.assign(
  Object.create(null) as object,
  {
    ...SDO_DEFINITIONS,
    ...SRO_DEFINITIONS,
    ...SCO_DEFINITIONS,
    ...META_DEFINITIONS,
  },
);

/** Property names reserved across all objects (§3.8; `phone_numbers` as the OASIS schemas spell it). */
const RESERVED: ReadonlySet<string> = new Set([
  'severity',
  'username',
  'phone_number',
  'phone_numbers',
  'action',
]);

class Collector implements Reporter {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];
  error(pointer: string, rule: string, message: string): void {
    this.errors.push({ severity: 'error', pointer, rule, message });
  }
  warning(pointer: string, rule: string, message: string): void {
    this.warnings.push({ severity: 'warning', pointer, rule, message });
  }
}

/**
 * Validates one STIX 2.1 object against the specification text: input safety (no NUL, no lone
 * surrogate, at most 64 levels deep), identifiers (§2.9), the common properties each object
 * family takes (§3.2), each type's property table with types, vocabularies and reference
 * targets (§4–§7), the rules between properties, extensions (§7.3) and deprecated custom
 * content (§11). Errors make the object unacceptable; warnings (SHOULDs, open vocabulary
 * values, deprecated or custom content) do not. Never throws; allocates no tables per call.
 * `stringsChecked`: the text it was parsed from passed `textHasSafeStrings` (input-safety.ts),
 * so only its depth is checked for safety.
 */
export function validateStixObject(
  value: unknown,
  options: { stringsChecked?: boolean } = {},
): ValidationResult {
  const report = new Collector();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
    report.error('', 'not-an-object', `A STIX object must be a JSON object, got ${got}.`);
  } else {
    const safety = inputSafetyProblems(value, options);
    if (safety.length > 0) return { errors: safety, warnings: [] };
    validateObject(value as Obj, report);
  }
  return { errors: report.errors, warnings: report.warnings };
}

function validateObject(object: Obj, report: Reporter): void {
  const type = object.type;
  if (type === undefined)
    return report.error('/type', 'required', 'Every STIX object needs a "type".');
  if (typeof type !== 'string') return report.error('/type', 'type', '"type" must be a string.');
  if (type === 'bundle')
    return report.error(
      '/type',
      'bundle',
      'A bundle is a container, not an object: send its objects.',
    );
  if (!TYPE_NAME.test(type))
    return report.error(
      '/type',
      'type-name',
      `"${type.slice(0, 80)}" is not a valid type name (3–250 of a–z, 0–9 and hyphen, starting with a letter; STIX 2.1 §3.1).`,
    );
  const id = object.id;
  if (id === undefined) return report.error('/id', 'required', 'Every STIX object needs an "id".');
  if (typeof id !== 'string') return report.error('/id', 'type', '"id" must be a string.');
  const idType = identifierType(id);
  if (idType === undefined)
    return report.error(
      '/id',
      'identifier',
      `"${id.slice(0, 120)}" is not a STIX identifier (<type>--<RFC 4122 UUID>, §2.9).`,
    );
  if (idType !== type)
    return report.error(
      '/id',
      'identifier-type',
      `The id's type part "${idType}" does not match "type" (${type}).`,
    );

  const definition = ownEntry(DEFINITIONS, type);
  const facts = object.extensions === undefined ? undefined : extensionFacts(object);
  const profile = profileOf(type, definition, facts);
  for (const name of profile.required) {
    if (object[name] === undefined)
      report.error(`/${name}`, 'required', `${type} requires "${name}".`);
  }
  checkProperties(type, object, definition, profile, facts, report);
  checkVersioning(object, report);
  if (definition) {
    checkDefinitionRules(type, object, definition, report);
    checkTypeRules(type, object, report);
    if (definition.category === 'sco') checkScoId(id, object, report);
  } else if (facts?.definesType === undefined) {
    report.warning(
      '/type',
      'custom-object',
      type.startsWith('x-')
        ? `"${type}" is a custom object type; custom objects are deprecated in STIX 2.1 in favour of extension definitions (§11.2).`
        : `"${type}" is not a STIX 2.1 type and no extension defines it (§7.3).`,
    );
  }
}

/** Which common properties apply (§3.2): by type family, or by what an extension declares. */
function profileOf(
  type: string,
  definition: TypeDefinition | undefined,
  facts: ExtensionFacts | undefined,
): CommonProfile {
  if (definition) {
    if (definition.category === 'sco') return COMMON_PROFILES.sco;
    if (definition.category === 'meta')
      return COMMON_PROFILES[type as keyof typeof COMMON_PROFILES];
    return COMMON_PROFILES.core;
  }
  if (facts?.definesType === 'new-sco') return COMMON_PROFILES.sco;
  if (facts?.definesType !== undefined) return COMMON_PROFILES.core;
  return COMMON_PROFILES.custom;
}

/** One pass over the object's own properties: defined, common, reserved or custom. */
function checkProperties(
  type: string,
  object: Obj,
  definition: TypeDefinition | undefined,
  profile: CommonProfile,
  facts: ExtensionFacts | undefined,
  report: Reporter,
): void {
  for (const name in object) {
    const value = object[name];
    // undefined is not JSON: a property set to it is absent (callers may build objects in code).
    if (name === 'type' || name === 'id' || value === undefined) continue;
    const spec = definition && ownEntry(definition.properties, name);
    if (spec !== undefined) {
      if (spec.kind === 'kill-chain-phases') checkKillChainPhases(value, report);
      else checkProperty(name, value, spec, `/${name}`, report);
    } else if (ALL_COMMON.has(name)) {
      if (!profile.applicable.has(name))
        report.warning(
          `/${name}`,
          'not-applicable',
          `"${name}" is not a property of ${profile.name} (STIX 2.1 §3.2).`,
        );
      checkCommon(name, type, object, definition !== undefined, facts, report);
    } else if (RESERVED.has(name)) {
      report.error(
        `/${name}`,
        'reserved-property',
        `"${name}" is a reserved property name and may not be used (STIX 2.1 §3.8).`,
      );
    } else if (!PROPERTY_NAME.test(name)) {
      report.error(
        `/${pointerSegment(name)}`,
        'property-name',
        `"${name.slice(0, 80)}" is not a valid property name (3–250 of a–z, 0–9 and underscore, starting with a letter; STIX 2.1 §3.1).`,
      );
    } else if (definition !== undefined && !facts?.toplevel) {
      report.warning(
        `/${name}`,
        'custom-property',
        `"${name}" is not a ${type} property; custom properties are deprecated in favour of extensions (STIX 2.1 §11.1).`,
      );
    }
  }
}

function checkCommon(
  name: string,
  type: string,
  object: Obj,
  knownType: boolean,
  facts: ExtensionFacts | undefined,
  report: Reporter,
): void {
  const value = object[name];
  if (name === 'external_references') return checkExternalReferences(value, report);
  if (name === 'granular_markings') return checkGranularMarkings(object, report);
  if (name === 'extensions')
    return checkExtensions(object, type, knownType, facts ?? extensionFacts(object), report);
  const spec = ownEntry(COMMON_PROPERTIES, name);
  if (spec) checkProperty(name, value, spec, `/${name}`, report);
  if (name === 'spec_version' && typeof value === 'string' && value !== '2.1')
    report.error(
      '/spec_version',
      'spec-version',
      `"spec_version" must be "2.1", got "${value.slice(0, 20)}".`,
    );
}

/** §3.2: `created` and `modified` to the millisecond, and `modified` not before `created`. */
function checkVersioning(object: Obj, report: Reporter): void {
  const { created, modified } = object;
  let validCreated = false;
  let validModified = false;
  if (typeof created === 'string' && timestampProblem(created) === undefined) {
    validCreated = true;
    if (!hasMillisecondPrecision(created))
      report.error(
        '/created',
        'timestamp-precision',
        `"created" (${created}) must have at least millisecond precision, e.g. 2016-04-06T20:03:00.000Z (STIX 2.1 §3.2).`,
      );
  }
  if (typeof modified === 'string' && timestampProblem(modified) === undefined) {
    validModified = true;
    if (!hasMillisecondPrecision(modified))
      report.error(
        '/modified',
        'timestamp-precision',
        `"modified" (${modified}) must have at least millisecond precision, e.g. 2016-04-06T20:03:00.000Z (STIX 2.1 §3.2).`,
      );
  }
  if (validCreated && validModified && compareTimestamps(modified as string, created as string) < 0)
    report.error(
      '/modified',
      'modified-before-created',
      `"modified" (${String(modified)}) is earlier than "created" (${String(created)}).`,
    );
}

/** The table-driven rules of a type: required, one-of groups, exclusive pairs, dependencies, order. */
function checkDefinitionRules(
  type: string,
  object: Obj,
  definition: TypeDefinition,
  report: Reporter,
): void {
  for (const name of definition.required) {
    if (object[name] === undefined)
      report.error(`/${name}`, 'required', `${type} requires "${name}".`);
  }
  for (const group of definition.atLeastOneOf ?? NONE) {
    if (!group.some((name) => object[name] !== undefined))
      report.error(
        '',
        'required',
        `${type} requires at least one of ${group.map((g) => `"${g}"`).join(', ')}.`,
      );
  }
  for (const [a, b] of definition.exclusive ?? NONE) {
    if (object[a] !== undefined && object[b] !== undefined)
      report.error(`/${b}`, 'exclusive', `${type} may have "${a}" or "${b}", not both.`);
  }
  for (const [name, needed] of definition.needs ?? NONE) {
    if (object[name] !== undefined && object[needed] === undefined)
      report.error(`/${needed}`, 'required', `${type} with "${name}" requires "${needed}".`);
  }
  for (const [first, second, strict] of definition.ordered ?? NONE) {
    const a = object[first];
    const b = object[second];
    if (
      typeof a !== 'string' ||
      typeof b !== 'string' ||
      timestampProblem(a) ||
      timestampProblem(b)
    )
      continue;
    const order = compareTimestamps(b, a);
    if (order < 0 || (strict && order === 0))
      report.error(
        `/${second}`,
        'timestamp-order',
        `"${second}" (${b}) is ${order < 0 ? 'earlier than' : 'the same as'} "${first}" (${a}); it must be ${strict ? 'later' : 'no earlier'}.`,
      );
  }
}

/** §2.9: SCO ids SHOULD be the deterministic UUIDv5; without contributing values, UUIDv4. */
function checkScoId(id: string, object: Obj, report: Reporter): void {
  const expected = deterministicScoId(object);
  if (expected !== undefined) {
    if (expected !== id.toLowerCase())
      report.warning(
        '/id',
        'sco-id',
        `The id should be the deterministic ${expected} (STIX 2.1 §2.9).`,
      );
  } else if (uuidVersion(id) !== 4) {
    report.warning(
      '/id',
      'sco-id',
      'Without ID contributing properties an SCO id must use a UUIDv4 (STIX 2.1 §2.9).',
    );
  }
}
