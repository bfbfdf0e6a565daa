import { checkProperty, type Reporter } from './check-property.js';
import {
  checkStructuredCommon,
  COMMON_PROPERTIES,
  hasExtensionOfType,
} from './common-properties.js';
import { META_DEFINITIONS } from './definitions-meta.js';
import { SCO_DEFINITIONS } from './definitions-sco.js';
import { SDO_DEFINITIONS, SRO_DEFINITIONS } from './definitions-sdo.js';
import { deterministicScoId } from './deterministic-id.js';
import { identifierType, TYPE_NAME } from './ids.js';
import { inputSafetyProblems, pointerSegment } from './input-safety.js';
import type { Problem, ValidationResult } from './problem.js';
import type { TypeDefinition } from './property-spec.js';
import { compareTimestamps, timestampProblem } from './timestamps.js';
import { checkMarkingDefinition, checkRelationship } from './type-rules.js';

type Obj = Record<string, unknown>;

const DEFINITIONS: Readonly<Record<string, TypeDefinition>> = {
  ...SDO_DEFINITIONS,
  ...SRO_DEFINITIONS,
  ...SCO_DEFINITIONS,
  ...META_DEFINITIONS,
};
const STRUCTURED = new Set([
  'type',
  'id',
  'external_references',
  'granular_markings',
  'extensions',
  'kill_chain_phases',
]);
/** Custom property names (STIX 2.1 §11.1): a–z, 0–9, underscore, 3 to 250 characters. */
const CUSTOM_PROPERTY = /^[a-z0-9_]{3,250}$/;

/**
 * Validates one STIX 2.1 object against the specification text: common properties (§3),
 * each type's required and optional properties with their types, vocabularies and reference
 * targets (§4–§7), custom content (§11). Errors make the object unacceptable; warnings (open
 * vocabulary values, deprecated custom content, SHOULDs) do not. Never throws.
 */
export function validateStixObject(value: unknown): ValidationResult {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const report: Reporter = {
    error: (pointer, rule, message) =>
      void errors.push({ severity: 'error', pointer, rule, message }),
    warning: (pointer, rule, message) =>
      void warnings.push({ severity: 'warning', pointer, rule, message }),
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report.error(
      '',
      'not-an-object',
      `A STIX object must be a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}.`,
    );
    return { errors, warnings };
  }
  const safety = inputSafetyProblems(value);
  if (safety.length > 0) return { errors: safety, warnings };
  validateObject(value as Obj, report);
  return { errors, warnings };
}

function validateObject(object: Obj, report: Reporter): void {
  const type = object.type;
  if (typeof type !== 'string')
    return report.error('/type', 'required', 'Every STIX object needs a "type" string.');
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
      `"${type.slice(0, 80)}" is not a valid type name (3–250 of a–z, 0–9, hyphen).`,
    );
  if (typeof object.id !== 'string')
    return report.error('/id', 'required', 'Every STIX object needs an "id" string.');
  const idType = identifierType(object.id);
  if (idType === undefined)
    return report.error(
      '/id',
      'identifier',
      `"${object.id.slice(0, 120)}" is not a STIX identifier (<type>--<UUID>).`,
    );
  if (idType !== type)
    return report.error(
      '/id',
      'identifier-type',
      `The id's type part "${idType}" does not match "type" (${type}).`,
    );

  const definition = DEFINITIONS[type];
  const category = definition?.category ?? 'custom';
  checkSpecVersion(object, category, report);
  checkVersionTimestamps(object, category, report);
  for (const [name, spec] of Object.entries(COMMON_PROPERTIES)) {
    if (object[name] !== undefined) checkProperty(name, object[name], spec, `/${name}`, report);
  }
  checkStructuredCommon(object, report);
  if (!definition) {
    if (hasExtensionOfType(object, 'new-sdo', 'new-sco', 'new-sro')) return;
    if (!type.startsWith('x-'))
      report.warning(
        '/type',
        'custom-object',
        `"${type}" is not a STIX 2.1 type; custom objects should be defined by an extension (STIX 2.1 §11.2).`,
      );
    else
      report.warning(
        '/type',
        'custom-object',
        `"${type}" is a custom object type (deprecated in STIX 2.1 in favour of extension definitions).`,
      );
    return;
  }
  for (const name of definition.required) {
    if (object[name] === undefined)
      report.error(`/${name}`, 'required', `${type} requires "${name}".`);
  }
  for (const group of definition.atLeastOneOf ?? []) {
    if (!group.some((name) => object[name] !== undefined))
      report.error(
        '',
        'required',
        `${type} requires at least one of ${group.map((g) => `"${g}"`).join(', ')}.`,
      );
  }
  for (const [name, spec] of Object.entries(definition.properties)) {
    if (object[name] !== undefined) checkProperty(name, object[name], spec, `/${name}`, report);
  }
  for (const [first, second] of definition.ordered ?? []) {
    const a = object[first];
    const b = object[second];
    if (
      typeof a === 'string' &&
      typeof b === 'string' &&
      !timestampProblem(a) &&
      !timestampProblem(b) &&
      compareTimestamps(b, a) < 0
    ) {
      report.error(
        `/${second}`,
        'timestamp-order',
        `"${second}" (${b}) is earlier than "${first}" (${a}).`,
      );
    }
  }
  checkCustomProperties(object, definition, report);
  if (type === 'relationship') checkRelationship(object, report);
  if (type === 'marking-definition') checkMarkingDefinition(object, report);
  if (type === 'malware' && object.is_family === true && object.name === undefined)
    report.error('/name', 'required', 'A malware family (is_family true) requires "name".');
  if (type === 'observed-data' && object.objects !== undefined) {
    report.warning(
      '/objects',
      'deprecated',
      '"objects" is deprecated in STIX 2.1; use "object_refs" to SCOs.',
    );
    if (object.object_refs !== undefined)
      report.error('/objects', 'exclusive', '"objects" and "object_refs" are mutually exclusive.');
  }
  if (category === 'sco' && definition.idContributing) {
    const expected = deterministicScoId(object, definition.idContributing);
    if (expected !== undefined && expected !== object.id)
      report.warning(
        '/id',
        'sco-id',
        `The id should be the deterministic ${expected} (STIX 2.1 §2.9).`,
      );
  }
}

function checkSpecVersion(object: Obj, category: string, report: Reporter): void {
  const version = object.spec_version;
  if (version === undefined) {
    if (category !== 'sco')
      report.error(
        '/spec_version',
        'required',
        `${String(object.type)} requires "spec_version" ("2.1").`,
      );
    return;
  }
  if (version !== '2.1')
    report.error(
      '/spec_version',
      'spec-version',
      `"spec_version" must be "2.1", got ${JSON.stringify(version).slice(0, 40)}.`,
    );
}

function checkVersionTimestamps(object: Obj, category: string, report: Reporter): void {
  if (category === 'sdo' || category === 'sro') {
    for (const name of ['created', 'modified']) {
      if (object[name] === undefined)
        report.error(`/${name}`, 'required', `${String(object.type)} requires "${name}".`);
    }
  }
  const { created, modified } = object;
  if (
    typeof created === 'string' &&
    typeof modified === 'string' &&
    !timestampProblem(created) &&
    !timestampProblem(modified)
  ) {
    if (compareTimestamps(modified, created) < 0)
      report.error(
        '/modified',
        'modified-before-created',
        `"modified" (${modified}) is earlier than "created" (${created}).`,
      );
  }
  for (const name of ['created', 'modified']) {
    const value = object[name];
    if (typeof value === 'string' && !/\.\d{3,}Z$/.test(value) && !timestampProblem(value)) {
      report.warning(
        `/${name}`,
        'timestamp-precision',
        `"${name}" should have at least millisecond precision (STIX 2.1 §3.2).`,
      );
    }
  }
}

function checkCustomProperties(object: Obj, definition: TypeDefinition, report: Reporter): void {
  const toplevelExtension = hasExtensionOfType(object, 'toplevel-property-extension');
  for (const name of Object.keys(object)) {
    if (name in definition.properties || name in COMMON_PROPERTIES || STRUCTURED.has(name))
      continue;
    if (!CUSTOM_PROPERTY.test(name)) {
      report.error(
        `/${pointerSegment(name)}`,
        'property-name',
        `"${name.slice(0, 80)}" is not a valid property name (3–250 of a–z, 0–9, underscore).`,
      );
    } else if (!toplevelExtension) {
      report.warning(
        `/${name}`,
        'custom-property',
        `"${name}" is not a ${String(object.type)} property; custom properties are deprecated in favour of extensions (STIX 2.1 §11.1).`,
      );
    }
  }
}
