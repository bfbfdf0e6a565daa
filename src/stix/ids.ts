/**
 * STIX identifiers (`<type>--<UUID>`, STIX 2.1 §2.9) and the object families of §1.2.
 * The UUID part must be RFC 4122 compliant: version 1–5 and the RFC 4122 variant (10xx).
 */
export { deterministicScoId } from './deterministic-id.js';

const UUID_RFC4122 =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/** Type names (§3.1): 3–250 of a–z, 0–9 and hyphen, starting with a letter. */
export const TYPE_NAME = /^[a-z][a-z0-9-]{2,249}$/;

/** Property names (§3.1): 3–250 of a–z, 0–9 and underscore, starting with a letter. */
export const PROPERTY_NAME = /^[a-z][a-z0-9_]{2,249}$/;

/**
 * The type part of a well-formed identifier, or undefined when `value` is not one (no `--`,
 * a type part that is not a type name, or a UUID that is not RFC 4122 compliant).
 */
export function identifierType(value: string): string | undefined {
  const separator = value.indexOf('--');
  // A UUID is 36 characters: anything else after "--" cannot be one.
  if (separator < 1 || value.length - separator - 2 !== 36) return undefined;
  const type = value.slice(0, separator);
  if (!TYPE_NAME.test(type)) return undefined;
  return UUID_RFC4122.test(value.slice(separator + 2)) ? type : undefined;
}

/** True for a syntactically valid STIX identifier with an RFC 4122 UUID. */
export function isIdentifier(value: string): boolean {
  return identifierType(value) !== undefined;
}

/** The UUID version digit of a valid identifier (4 for random, 5 for deterministic ids). */
export function uuidVersion(identifier: string): number {
  return identifier.charCodeAt(identifier.length - 22) - 48;
}

export const SDO_TYPES: ReadonlySet<string> = new Set([
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
]);

export const SRO_TYPES: ReadonlySet<string> = new Set(['relationship', 'sighting']);

export const SCO_TYPES: ReadonlySet<string> = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);

/** STIX Meta Objects (§7). */
export const META_TYPES: ReadonlySet<string> = new Set([
  'language-content',
  'marking-definition',
  'extension-definition',
]);

/** The family of a type name: custom for every type STIX 2.1 does not define. */
export type TypeCategory = 'sdo' | 'sro' | 'sco' | 'meta' | 'bundle' | 'custom';

/** True for the 19 STIX Domain Object types of §4. */
export function isSdoType(type: string): boolean {
  return SDO_TYPES.has(type);
}

/** True for the two STIX Relationship Object types of §5. */
export function isSroType(type: string): boolean {
  return SRO_TYPES.has(type);
}

/** True for the 18 STIX Cyber-observable Object types of §6. */
export function isScoType(type: string): boolean {
  return SCO_TYPES.has(type);
}

/** True for the three STIX Meta Object types of §7. */
export function isMetaType(type: string): boolean {
  return META_TYPES.has(type);
}

const CATEGORIES: ReadonlyMap<string, TypeCategory> = new Map<string, TypeCategory>([
  ...[...SDO_TYPES].map((t) => [t, 'sdo'] as const),
  ...[...SRO_TYPES].map((t) => [t, 'sro'] as const),
  ...[...SCO_TYPES].map((t) => [t, 'sco'] as const),
  ...[...META_TYPES].map((t) => [t, 'meta'] as const),
  ['bundle', 'bundle'],
]);

/** The family of a type name (§1.2). */
export function typeCategory(type: string): TypeCategory {
  return CATEGORIES.get(type) ?? 'custom';
}
