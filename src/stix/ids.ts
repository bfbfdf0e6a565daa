/** `<type>--<UUID>` as STIX 2.1 §2.9 defines identifiers (UUID in lower or upper hex). */
const IDENTIFIER =
  /^([a-z0-9][a-z0-9-]*[a-z0-9]|[a-z0-9])--([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/** The type part of a well-formed identifier, or undefined when it is not one. */
export function identifierType(value: string): string | undefined {
  const match = IDENTIFIER.exec(value);
  return match ? match[1] : undefined;
}

/** True for a syntactically valid STIX identifier. */
export function isIdentifier(value: string): boolean {
  return IDENTIFIER.test(value);
}

/** Type names: 3–250 characters of lower-case ASCII letters, digits and hyphens (§3.1). */
export const TYPE_NAME = /^[a-z0-9-]{3,250}$/;

/** Property names: 3–250 characters of ASCII letters, digits and underscore (§3.1). */
export const PROPERTY_NAME = /^[a-zA-Z0-9_]{3,250}$/;

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

export const META_TYPES: ReadonlySet<string> = new Set([
  'marking-definition',
  'extension-definition',
  'language-content',
]);

/** True for the 18 STIX Cyber-observable Object types of STIX 2.1 §6. */
export function isScoType(type: string): boolean {
  return SCO_TYPES.has(type);
}
