import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { ownEntry } from './own-entry.js';

/** Namespace of STIX 2.1 deterministic SCO identifiers (§2.9). */
export const SCO_ID_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
const SCO_NAMESPACE_BYTES = Buffer.from(SCO_ID_NAMESPACE.replaceAll('-', ''), 'hex');

/**
 * ID Contributing Properties of each SCO type (the "ID Contributing Properties" paragraph of
 * each object in STIX 2.1 §6). `process` has none: its ids are always UUIDv4.
 */
export const SCO_ID_CONTRIBUTING: Readonly<Record<string, readonly string[]>> = {
  artifact: ['hashes', 'payload_bin'],
  'autonomous-system': ['number'],
  directory: ['path'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'email-message': ['from_ref', 'subject', 'body'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  'network-traffic': [
    'start',
    'end',
    'src_ref',
    'dst_ref',
    'src_port',
    'dst_port',
    'protocols',
    'extensions',
  ],
  process: [],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
  url: ['value'],
  'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'],
  'x509-certificate': ['hashes', 'serial_number'],
};

/** RFC 4122 §4.3 name-based UUID, version 5 (SHA-1), in lower-case hex. */
export function uuidV5(namespace: string, name: string): string {
  const ns =
    namespace === SCO_ID_NAMESPACE
      ? SCO_NAMESPACE_BYTES
      : Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Hashes that may stand for `hashes` in an id, most preferred first. */
const HASH_PREFERENCE = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'];

/**
 * The single hash that represents a `hashes` dictionary in an id: the first of MD5, SHA-1,
 * SHA-256, SHA-512 present, else the first entry in document order. This is the choice the
 * specification's own example ids were computed with (STIX 2.1 Errata 01, §1.3.1: example SCO
 * ids agree with the python-stix2 reference implementation).
 */
function oneHash(hashes: Record<string, unknown>): Record<string, unknown> | undefined {
  for (const algorithm of HASH_PREFERENCE) {
    if (hashes[algorithm] !== undefined) return { [algorithm]: hashes[algorithm] };
  }
  for (const algorithm in hashes) return { [algorithm]: hashes[algorithm] };
  return undefined;
}

/**
 * The deterministic id of an SCO (STIX 2.1 §2.9): `<type>--` + UUIDv5 in namespace
 * {@link SCO_ID_NAMESPACE} over the RFC 8785 canonical JSON of its ID contributing properties
 * that are present. Undefined for types that are not SCOs, for `process`, and when none of the
 * contributing properties is present (the specification then requires a UUIDv4).
 */
export function deterministicScoId(object: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof object.type !== 'string') return undefined;
  const contributing = ownEntry(SCO_ID_CONTRIBUTING, object.type);
  if (!contributing) return undefined;
  const picked: Record<string, unknown> = {};
  let count = 0;
  for (const name of contributing) {
    const value = object[name];
    if (value === undefined) continue;
    if (name === 'hashes' && typeof value === 'object' && value !== null) {
      const chosen = oneHash(value as Record<string, unknown>);
      if (chosen === undefined) continue;
      picked.hashes = chosen;
    } else {
      picked[name] = value;
    }
    count++;
  }
  if (count === 0) return undefined;
  try {
    return `${object.type}--${uuidV5(SCO_ID_NAMESPACE, canonicalJson(picked))}`;
  } catch {
    return undefined; // a value JSON cannot represent (the validator reports it as a type error)
  }
}
