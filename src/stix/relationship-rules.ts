import type { Reporter } from './check-property.js';
import { identifierType, SCO_TYPES } from './ids.js';
import { ownEntry } from './own-entry.js';

type Obj = Record<string, unknown>;

const ALL_SCOS = [...SCO_TYPES];

/**
 * The specification-defined relationships (STIX 2.1 §4.x.2 "Relationships" tables, §6 SCO
 * relationships, Appendix B as corrected by Errata 01): source type → relationship type →
 * allowed target types.
 */
const DEFINED: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'attack-pattern': {
    delivers: ['malware'],
    targets: ['identity', 'location', 'vulnerability'],
    uses: ['malware', 'tool'],
  },
  campaign: {
    'attributed-to': ['intrusion-set', 'threat-actor'],
    compromises: ['infrastructure'],
    'originates-from': ['location'],
    targets: ['identity', 'location', 'vulnerability'],
    uses: ['attack-pattern', 'infrastructure', 'malware', 'tool'],
  },
  'course-of-action': {
    investigates: ['indicator'],
    mitigates: ['attack-pattern', 'indicator', 'malware', 'tool', 'vulnerability'],
    remediates: ['malware', 'vulnerability'],
  },
  identity: { 'located-at': ['location'] },
  indicator: {
    indicates: [
      'attack-pattern',
      'campaign',
      'infrastructure',
      'intrusion-set',
      'malware',
      'threat-actor',
      'tool',
    ],
    'based-on': ['observed-data'],
  },
  infrastructure: {
    'communicates-with': ['infrastructure', 'ipv4-addr', 'ipv6-addr', 'domain-name', 'url'],
    'consists-of': ['infrastructure', 'observed-data', ...ALL_SCOS],
    controls: ['infrastructure', 'malware'],
    delivers: ['malware'],
    has: ['vulnerability'],
    hosts: ['tool', 'malware'],
    'located-at': ['location'],
    uses: ['infrastructure'],
  },
  'intrusion-set': {
    'attributed-to': ['threat-actor'],
    compromises: ['infrastructure'],
    hosts: ['infrastructure'],
    owns: ['infrastructure'],
    'originates-from': ['location'],
    targets: ['identity', 'location', 'vulnerability'],
    uses: ['attack-pattern', 'infrastructure', 'malware', 'tool'],
  },
  malware: {
    'authored-by': ['threat-actor', 'intrusion-set'],
    'beacons-to': ['infrastructure'],
    'exfiltrates-to': ['infrastructure'],
    'communicates-with': ['ipv4-addr', 'ipv6-addr', 'domain-name', 'url'],
    controls: ['malware'],
    downloads: ['malware', 'tool', 'file'],
    drops: ['malware', 'tool', 'file'],
    exploits: ['vulnerability'],
    'originates-from': ['location'],
    targets: ['identity', 'infrastructure', 'location', 'vulnerability'],
    uses: ['attack-pattern', 'infrastructure', 'malware', 'tool'],
    'variant-of': ['malware'],
  },
  'malware-analysis': {
    characterizes: ['malware'],
    'av-analysis-of': ['malware'],
    'static-analysis-of': ['malware'],
    'dynamic-analysis-of': ['malware'],
  },
  'threat-actor': {
    'attributed-to': ['identity'],
    compromises: ['infrastructure'],
    hosts: ['infrastructure'],
    owns: ['infrastructure'],
    impersonates: ['identity'],
    'located-at': ['location'],
    targets: ['identity', 'location', 'vulnerability'],
    uses: ['attack-pattern', 'infrastructure', 'malware', 'tool'],
  },
  tool: {
    delivers: ['malware'],
    drops: ['malware'],
    has: ['vulnerability'],
    targets: ['identity', 'infrastructure', 'location', 'vulnerability'],
    uses: ['infrastructure'],
  },
  'domain-name': { 'resolves-to': ['domain-name', 'ipv4-addr', 'ipv6-addr'] },
  'ipv4-addr': { 'resolves-to': ['mac-addr'], 'belongs-to': ['autonomous-system'] },
  'ipv6-addr': { 'resolves-to': ['mac-addr'], 'belongs-to': ['autonomous-system'] },
};

/** Every relationship type the specification defines for some source type. */
const DEFINED_NAMES: ReadonlySet<string> = new Set(
  Object.values(DEFINED).flatMap((byName) => Object.keys(byName)),
);
/** §3.7 common relationships whose two ends are of the same type. */
const SAME_TYPE = new Set(['derived-from', 'duplicate-of']);
const RELATIONSHIP_TYPE = /^[a-z0-9-]{3,250}$/;

/**
 * Relationship rules of §5.1 beyond property shapes (reference targets are checked by the
 * property table): `relationship_type` is ASCII a–z, 0–9 and hyphen (MUST). A specification
 * defined relationship type SHOULD be used between the types it is defined for, and
 * `derived-from`/`duplicate-of` between objects of one type (§3.7): otherwise a warning, since
 * the specification allows user-defined relationships between any SDOs and SCOs.
 */
export function checkRelationship(object: Obj, report: Reporter): void {
  const name = object.relationship_type;
  if (typeof name !== 'string') return;
  if (!RELATIONSHIP_TYPE.test(name)) {
    return report.error(
      '/relationship_type',
      'relationship-type',
      `"relationship_type" must be 3–250 of a–z, 0–9 and hyphen, got "${name.slice(0, 80)}".`,
    );
  }
  const source =
    typeof object.source_ref === 'string' ? identifierType(object.source_ref) : undefined;
  const target =
    typeof object.target_ref === 'string' ? identifierType(object.target_ref) : undefined;
  if (source === undefined || target === undefined) return;
  if (SAME_TYPE.has(name)) {
    if (source !== target)
      report.warning(
        '/relationship_type',
        'relationship-combination',
        `"${name}" relates two objects of the same type (STIX 2.1 §3.7), not ${source} and ${target}.`,
      );
    return;
  }
  if (!DEFINED_NAMES.has(name)) return; // related-to or a user-defined relationship type
  const from = ownEntry(DEFINED, source);
  const targets = from && ownEntry(from, name);
  if (targets === undefined || !targets.includes(target)) {
    report.warning(
      '/relationship_type',
      'relationship-combination',
      `STIX 2.1 does not define "${name}" from ${source} to ${target}; use it only between the types it is defined for, or use related-to or a type of your own (§5.1).`,
    );
  }
}
