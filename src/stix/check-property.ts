import { isIpv4, isIpv6, isMac } from './formats.js';
import { identifierType, typeCategory } from './ids.js';
import { pointerSegment } from './input-safety.js';
import type { PropertySpec, StructShape } from './property-spec.js';
import { timestampProblem } from './timestamps.js';
import { HASH_ALGORITHMS } from './vocabularies.js';
import { ownEntry } from './own-entry.js';

/** Collects problems for one object; pointers are RFC 6901, relative to the object. */
export interface Reporter {
  error(pointer: string, rule: string, message: string): void;
  warning(pointer: string, rule: string, message: string): void;
}

/** Shared empty list for absent optional rule tables (no allocation per call). */
const NONE: readonly never[] = [];

type Obj = Record<string, unknown>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const UPPER_HEX = /[A-F]/;
/** Dictionary keys (§2.3): ASCII letters, digits, hyphen, underscore; at most 250. */
const DICTIONARY_KEY = /^[a-zA-Z0-9_-]{1,250}$/;
/** Hash algorithm names (§2.7): as dictionary keys, but 3 to 250 characters. */
const HASH_KEY = /^[a-zA-Z0-9_-]{3,250}$/;
/** Value formats of the hash-algorithm-ov entries whose format is fixed (§2.7, §10.7). */
const HASH_VALUE: Readonly<Record<string, RegExp>> = {
  MD5: /^[0-9a-fA-F]{32}$/,
  'SHA-1': /^[0-9a-fA-F]{40}$/,
  'SHA-256': /^[0-9a-fA-F]{64}$/,
  'SHA-512': /^[0-9a-fA-F]{128}$/,
  'SHA3-256': /^[0-9a-fA-F]{64}$/,
  'SHA3-512': /^[0-9a-fA-F]{128}$/,
};
const KNOWN_HASHES: ReadonlySet<string> = new Set(HASH_ALGORITHMS);
/** §2.10: integers are signed 54-bit values unless a property says otherwise. */
const INTEGER_LIMIT = Number.MAX_SAFE_INTEGER;
const FORMAT_CHECKS = { ipv4: isIpv4, ipv6: isIpv6, mac: isMac } as const;
const FORMAT_NAMES = {
  ipv4: 'an IPv4 address or CIDR block such as 198.51.100.0/24',
  ipv6: 'an IPv6 address or CIDR block such as 2001:db8::/32',
  mac: 'a MAC-48 address of six lower-case, zero-padded, colon-separated octets (00:00:5e:00:53:00)',
} as const;

export function isRecord(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

function wrongType(
  report: Reporter,
  pointer: string,
  name: string,
  expected: string,
  value: unknown,
): void {
  report.error(pointer, 'type', `"${name}" must be ${expected}, got ${describe(value)}.`);
}

function emptyList(report: Reporter, pointer: string, name: string): void {
  report.error(
    pointer,
    'empty-list',
    `"${name}" is an empty list; omit the property instead (STIX 2.1 §2.12).`,
  );
}

/**
 * Checks a reference's syntax and target type against the types or classes its property allows
 * (`sdo`, `sco`, `sro`, `meta`, `custom`, `any`; see `property-spec.ts`).
 */
export function checkRef(
  value: unknown,
  allowed: readonly string[],
  name: string,
  pointer: string,
  report: Reporter,
): void {
  if (typeof value !== 'string')
    return wrongType(report, pointer, name, 'an identifier string', value);
  const type = identifierType(value);
  if (type === undefined) {
    return report.error(
      pointer,
      'identifier',
      `"${name}" value ${describe(value)} is not a STIX identifier (<type>--<RFC 4122 UUID>).`,
    );
  }
  const category = typeCategory(type);
  if (category === 'bundle')
    return report.error(pointer, 'reference-type', `"${name}" may not reference a bundle.`);
  if (allowed.includes(type) || allowed.includes(category) || allowed.includes('any')) return;
  report.error(
    pointer,
    'reference-type',
    `"${name}" must reference ${allowed.join(' or ')}, not ${type}.`,
  );
}

/** Checks one property value against its spec; `pointer` is where the value is. */
export function checkProperty(
  name: string,
  value: unknown,
  spec: PropertySpec,
  pointer: string,
  report: Reporter,
): void {
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') wrongType(report, pointer, name, 'a string', value);
      return;
    case 'timestamp': {
      if (typeof value !== 'string')
        return wrongType(report, pointer, name, 'a timestamp string', value);
      const problem = timestampProblem(value);
      if (problem)
        report.error(pointer, 'timestamp', `"${name}" (${value.slice(0, 40)}) ${problem}.`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') wrongType(report, pointer, name, 'true or false', value);
      return;
    case 'number':
    case 'float':
    case 'integer':
      return checkNumber(name, value, spec, pointer, report);
    case 'binary':
      if (typeof value !== 'string' || !BASE64.test(value))
        wrongType(report, pointer, name, 'base64-encoded binary (RFC 4648)', value);
      return;
    case 'hex':
      if (typeof value !== 'string' || !HEX.test(value))
        return wrongType(report, pointer, name, 'an even-length hex string', value);
      if (UPPER_HEX.test(value))
        report.warning(
          pointer,
          'hex-case',
          `"${name}" should use lower-case hex digits (STIX 2.1 §2.8).`,
        );
      return;
    case 'format':
      if (typeof value !== 'string') return wrongType(report, pointer, name, 'a string', value);
      if (!FORMAT_CHECKS[spec.format](value))
        report.error(
          pointer,
          'format',
          `"${name}" ${describe(value)} is not ${FORMAT_NAMES[spec.format]}.`,
        );
      return;
    case 'object':
      if (!isRecord(value)) wrongType(report, pointer, name, 'an object', value);
      return;
    case 'dictionary':
      return checkDictionary(name, value, pointer, report);
    case 'hashes':
      return checkHashes(name, value, pointer, report);
    case 'list':
      if (!Array.isArray(value)) return wrongType(report, pointer, name, 'a list', value);
      if (value.length === 0) emptyList(report, pointer, name);
      return;
    case 'strings':
    case 'vocabs':
    case 'enums':
      return checkStrings(name, value, spec, pointer, report);
    case 'enum':
      if (typeof value !== 'string' || !spec.set.has(value)) {
        report.error(
          pointer,
          'closed-vocabulary',
          `"${name}" must be one of ${spec.values.join(', ')}; got ${describe(value)}.`,
        );
      }
      return;
    case 'vocab':
      if (typeof value !== 'string') return wrongType(report, pointer, name, 'a string', value);
      if (!spec.set.has(value))
        report.warning(
          pointer,
          'open-vocabulary',
          `${describe(value)} is not in the suggested vocabulary of "${name}".`,
        );
      return;
    case 'ref':
      return checkRef(value, spec.to, name, pointer, report);
    case 'refs':
      if (!Array.isArray(value))
        return wrongType(report, pointer, name, 'a list of identifiers', value);
      if (value.length === 0) return emptyList(report, pointer, name);
      for (let i = 0; i < value.length; i++)
        checkRef(value[i], spec.to, name, `${pointer}/${i}`, report);
      return;
    case 'struct':
      return checkStruct(name, value, spec.shape, pointer, report);
    case 'structs':
      if (!Array.isArray(value))
        return wrongType(report, pointer, name, 'a list of objects', value);
      if (value.length === 0) return emptyList(report, pointer, name);
      for (let i = 0; i < value.length; i++)
        checkStruct(name, value[i], spec.shape, `${pointer}/${i}`, report);
      return;
    default:
      return; // external references, kill chain phases, granular markings, extensions: common-properties.ts
  }
}

function checkNumber(
  name: string,
  value: unknown,
  spec: { kind: 'number' | 'integer' | 'float'; min?: number; max?: number },
  pointer: string,
  report: Reporter,
): void {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return wrongType(
      report,
      pointer,
      name,
      spec.kind === 'integer' ? 'an integer' : 'a number',
      value,
    );
  if (spec.kind === 'integer' && !Number.isInteger(value))
    return wrongType(report, pointer, name, 'an integer', value);
  const min =
    'min' in spec && spec.min !== undefined
      ? spec.min
      : spec.kind === 'integer'
        ? -INTEGER_LIMIT
        : -Infinity;
  const max =
    'max' in spec && spec.max !== undefined
      ? spec.max
      : spec.kind === 'integer'
        ? INTEGER_LIMIT
        : Infinity;
  if (value < min || value > max)
    report.error(pointer, 'range', `"${name}" must be from ${min} to ${max}, got ${value}.`);
}

function checkStrings(
  name: string,
  value: unknown,
  spec: PropertySpec,
  pointer: string,
  report: Reporter,
): void {
  if (!Array.isArray(value)) return wrongType(report, pointer, name, 'a list of strings', value);
  if (value.length === 0) return emptyList(report, pointer, name);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string') {
      wrongType(report, `${pointer}/${i}`, name, 'a list of strings', item);
    } else if (spec.kind === 'vocabs' && !spec.set.has(item)) {
      report.warning(
        `${pointer}/${i}`,
        'open-vocabulary',
        `${describe(item)} is not in the suggested vocabulary of "${name}".`,
      );
    } else if (spec.kind === 'enums' && !spec.set.has(item)) {
      report.error(
        `${pointer}/${i}`,
        'closed-vocabulary',
        `"${name}" values must be among ${spec.values.join(', ')}; got ${describe(item)}.`,
      );
    }
  }
}

/** §2.3: non-empty, keys of ASCII letters, digits, hyphen and underscore, values not null. */
function checkDictionary(name: string, value: unknown, pointer: string, report: Reporter): void {
  if (!isRecord(value))
    return wrongType(report, pointer, name, 'a dictionary (JSON object)', value);
  let size = 0;
  for (const key in value) {
    size++;
    const at = `${pointer}/${pointerSegment(key)}`;
    if (!DICTIONARY_KEY.test(key))
      report.error(
        at,
        'dictionary-key',
        `Key ${describe(key)} of "${name}" must be 1–250 of a–z, A–Z, 0–9, hyphen and underscore (STIX 2.1 §2.3).`,
      );
    if (value[key] === null) report.error(at, 'type', `Values of "${name}" may not be null.`);
  }
  if (size === 0)
    report.error(
      pointer,
      'empty-dictionary',
      `"${name}" is an empty dictionary; omit the property instead (STIX 2.1 §2.3).`,
    );
}

/** §2.7: algorithm name to hash value; known algorithms have a fixed value format. */
function checkHashes(name: string, value: unknown, pointer: string, report: Reporter): void {
  if (!isRecord(value))
    return wrongType(report, pointer, name, 'an object of hash algorithm to hash value', value);
  let size = 0;
  for (const algorithm in value) {
    size++;
    const hash = value[algorithm];
    const at = `${pointer}/${pointerSegment(algorithm)}`;
    if (!HASH_KEY.test(algorithm)) {
      report.error(
        at,
        'hash-algorithm',
        `Hash algorithm name ${describe(algorithm)} must be 3–250 of a–z, A–Z, 0–9, hyphen and underscore.`,
      );
    } else if (!KNOWN_HASHES.has(algorithm)) {
      report.warning(
        at,
        'open-vocabulary',
        `"${algorithm}" is not in the hash-algorithm vocabulary (e.g. SHA-256).`,
      );
    }
    if (typeof hash !== 'string') {
      wrongType(report, at, `${name}.${algorithm}`, 'a string', hash);
    } else {
      const format = ownEntry(HASH_VALUE, algorithm);
      if (format && !format.test(hash))
        report.error(
          at,
          'hash-value',
          `${describe(hash)} is not a ${algorithm} hash (wrong length or not hex).`,
        );
    }
  }
  if (size === 0) report.error(pointer, 'empty-hashes', `"${name}" must hold at least one hash.`);
}

/** A nested object type: required and known properties, one-of groups, exclusive pairs. */
function checkStruct(
  name: string,
  value: unknown,
  shape: StructShape,
  pointer: string,
  report: Reporter,
): void {
  if (!isRecord(value)) return wrongType(report, pointer, name, `a ${shape.name} object`, value);
  let size = 0;
  for (const key in value) {
    size++;
    const spec = ownEntry(shape.properties, key);
    const at = `${pointer}/${pointerSegment(key)}`;
    if (spec) checkProperty(key, value[key], spec, at, report);
    else
      report.warning(
        at,
        'custom-property',
        `"${key.slice(0, 80)}" is not a property of a ${shape.name}.`,
      );
  }
  if (size === 0)
    return report.error(pointer, 'required', `A ${shape.name} needs at least one property.`);
  for (const required of shape.required) {
    if (value[required] === undefined)
      report.error(`${pointer}/${required}`, 'required', `A ${shape.name} requires "${required}".`);
  }
  for (const group of shape.atLeastOneOf ?? NONE) {
    if (!group.some((p) => value[p] !== undefined))
      report.error(
        pointer,
        'required',
        `A ${shape.name} requires at least one of ${group.map((g) => `"${g}"`).join(', ')}.`,
      );
  }
  for (const [a, b] of shape.exclusive ?? NONE) {
    if (value[a] !== undefined && value[b] !== undefined)
      report.error(
        `${pointer}/${b}`,
        'exclusive',
        `A ${shape.name} may have "${a}" or "${b}", not both.`,
      );
  }
}
