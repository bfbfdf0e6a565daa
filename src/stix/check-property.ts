import { identifierType, SCO_TYPES, SDO_TYPES, SRO_TYPES, META_TYPES } from './ids.js';
import type { PropertySpec } from './property-spec.js';
import { timestampProblem } from './timestamps.js';
import { HASH_ALGORITHMS } from './vocabularies.js';

/** Collects problems for one object; `at` builds pointers below the object. */
export interface Reporter {
  error(pointer: string, rule: string, message: string): void;
  warning(pointer: string, rule: string, message: string): void;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const KNOWN_HASHES = new Set(HASH_ALGORITHMS);

function classOf(type: string): 'sdo' | 'sco' | 'sro' | 'meta' | 'bundle' | 'custom' {
  if (SDO_TYPES.has(type)) return 'sdo';
  if (SCO_TYPES.has(type)) return 'sco';
  if (SRO_TYPES.has(type)) return 'sro';
  if (META_TYPES.has(type)) return 'meta';
  return type === 'bundle' ? 'bundle' : 'custom';
}

/** Checks a reference's target type against the allowed types or classes of its property. */
export function checkRef(
  value: unknown,
  allowed: readonly string[],
  name: string,
  pointer: string,
  report: Reporter,
): void {
  if (typeof value !== 'string')
    return report.error(pointer, 'type', `"${name}" must be an identifier string.`);
  const type = identifierType(value);
  if (type === undefined) {
    return report.error(
      pointer,
      'identifier',
      `"${name}" value "${value.slice(0, 120)}" is not a STIX identifier (<type>--<UUID>).`,
    );
  }
  const cls = classOf(type);
  if (cls === 'bundle')
    return report.error(pointer, 'reference-type', `"${name}" may not reference a bundle.`);
  if (allowed.includes('any') || allowed.includes(type) || allowed.includes(cls)) return;
  report.error(
    pointer,
    'reference-type',
    `"${name}" must reference ${allowed.filter((a) => a !== 'custom').join(' or ')}, not ${type}.`,
  );
}

/** Checks one property value against its spec. */
export function checkProperty(
  name: string,
  value: unknown,
  spec: PropertySpec,
  pointer: string,
  report: Reporter,
): void {
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') wrongType(report, pointer, name, 'a string');
      return;
    case 'timestamp': {
      if (typeof value !== 'string') return wrongType(report, pointer, name, 'a timestamp string');
      const problem = timestampProblem(value);
      if (problem)
        report.error(pointer, 'timestamp', `"${name}" (${value.slice(0, 40)}) ${problem}.`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') wrongType(report, pointer, name, 'true or false');
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        wrongType(report, pointer, name, 'a number');
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        return wrongType(report, pointer, name, 'an integer');
      if (
        (spec.min !== undefined && value < spec.min) ||
        (spec.max !== undefined && value > spec.max)
      ) {
        report.error(
          pointer,
          'range',
          `"${name}" must be from ${spec.min} to ${spec.max}, got ${value}.`,
        );
      }
      return;
    case 'binary':
      if (typeof value !== 'string' || !BASE64.test(value))
        wrongType(report, pointer, name, 'base64-encoded binary');
      return;
    case 'hex':
      if (typeof value !== 'string' || !HEX.test(value))
        wrongType(report, pointer, name, 'an even-length hex string');
      return;
    case 'object':
    case 'dictionary':
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        wrongType(report, pointer, name, 'an object');
      return;
    case 'list':
      if (!Array.isArray(value)) return wrongType(report, pointer, name, 'a list');
      if (value.length === 0)
        report.warning(
          pointer,
          'empty-list',
          `"${name}" is an empty list; omit the property instead.`,
        );
      return;
    case 'strings':
    case 'vocabs':
      if (!Array.isArray(value) || value.some((x) => typeof x !== 'string'))
        return wrongType(report, pointer, name, 'a list of strings');
      if (value.length === 0)
        report.warning(
          pointer,
          'empty-list',
          `"${name}" is an empty list; omit the property instead.`,
        );
      if (spec.kind === 'vocabs') {
        value.forEach((x, i) => {
          if (!spec.values.includes(x as string))
            report.warning(
              `${pointer}/${i}`,
              'open-vocabulary',
              `"${String(x).slice(0, 80)}" is not in the suggested vocabulary of "${name}".`,
            );
        });
      }
      return;
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        report.error(
          pointer,
          'closed-vocabulary',
          `"${name}" must be one of ${spec.values.join(', ')}; got ${JSON.stringify(value).slice(0, 80)}.`,
        );
      }
      return;
    case 'vocab':
      if (typeof value !== 'string') return wrongType(report, pointer, name, 'a string');
      if (!spec.values.includes(value))
        report.warning(
          pointer,
          'open-vocabulary',
          `"${value.slice(0, 80)}" is not in the suggested vocabulary of "${name}".`,
        );
      return;
    case 'hashes':
      return checkHashes(name, value, pointer, report);
    case 'ref':
      return checkRef(value, spec.to, name, pointer, report);
    case 'refs':
      if (!Array.isArray(value)) return wrongType(report, pointer, name, 'a list of identifiers');
      if (value.length === 0)
        report.warning(
          pointer,
          'empty-list',
          `"${name}" is an empty list; omit the property instead.`,
        );
      value.forEach((x, i) => checkRef(x, spec.to, name, `${pointer}/${i}`, report));
      return;
    default:
      return; // Structured common properties are checked by common-properties.ts.
  }
}

function checkHashes(name: string, value: unknown, pointer: string, report: Reporter): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return report.error(
      pointer,
      'type',
      `"${name}" must be an object of hash algorithm to hash value.`,
    );
  }
  const entries = Object.entries(value);
  if (entries.length === 0)
    report.error(pointer, 'empty-hashes', `"${name}" must hold at least one hash.`);
  for (const [algorithm, hash] of entries) {
    const at = `${pointer}/${algorithm.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (typeof hash !== 'string') report.error(at, 'type', `Hash "${algorithm}" must be a string.`);
    if (algorithm.length < 3 || algorithm.length > 250)
      report.error(at, 'hash-algorithm', `Hash algorithm names are 3 to 250 characters long.`);
    else if (!KNOWN_HASHES.has(algorithm))
      report.warning(
        at,
        'open-vocabulary',
        `"${algorithm}" is not in the hash-algorithm vocabulary.`,
      );
  }
}

function wrongType(report: Reporter, pointer: string, name: string, expected: string): void {
  report.error(pointer, 'type', `"${name}" must be ${expected}.`);
}
