import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** Namespace of STIX 2.1 deterministic SCO identifiers (§2.9). */
export const SCO_ID_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** RFC 4122 §4.3 name-based UUID, version 5 (SHA-1). */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Preference order when `hashes` contributes to an id: one hash is used (§2.9). */
const HASH_PREFERENCE = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'];

/**
 * The deterministic id of an SCO from its ID contributing properties (§2.9): UUIDv5 over the
 * RFC 8785 canonical JSON of those properties that are present. Undefined when none is present
 * (the spec then asks for a random UUIDv4).
 */
export function deterministicScoId(
  object: Record<string, unknown>,
  contributing: readonly string[],
): string | undefined {
  const picked: Record<string, unknown> = {};
  for (const name of contributing) {
    const value = object[name];
    if (value === undefined) continue;
    if (name === 'hashes' && typeof value === 'object' && value !== null) {
      const hashes = value as Record<string, unknown>;
      const chosen = HASH_PREFERENCE.find((algorithm) => hashes[algorithm] !== undefined);
      if (chosen) picked.hashes = { [chosen]: hashes[chosen] };
      continue;
    }
    picked[name] = value;
  }
  if (Object.keys(picked).length === 0) return undefined;
  return `${String(object.type)}--${uuidV5(SCO_ID_NAMESPACE, canonicalJson(picked))}`;
}
