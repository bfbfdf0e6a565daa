import { canonicalJson } from './canonical-json.js';
import { compareTimestamps, isStixTimestamp } from './timestamps.js';
import type { StixObject } from './types.js';

/**
 * The version key of an object (STIX 2.1 §3.6): `modified`, else `created` (marking
 * definitions have no `modified`), else undefined: SCOs are not versioned.
 */
export function versionKey(object: StixObject): string | undefined {
  return object.modified ?? object.created;
}

/**
 * Orders two version keys as instants, whatever their sub-second precision
 * (`…:00Z` and `…:00.000Z` are the same version). `undefined` (an SCO) sorts first.
 */
export function compareVersionKeys(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  if (isStixTimestamp(a) && isStixTimestamp(b)) return compareTimestamps(a, b);
  return a === b ? 0 : a < b ? -1 : 1;
}

/** One stored version of an object, as a store row has it. */
export interface StoredVersion {
  /** Its version key (see {@link versionKey}); undefined or '' for an SCO. */
  version: string | undefined;
  /** The stored body: RFC 8785 canonical JSON, or the JSON text exactly as received. */
  body: string;
  /** Its `revoked` flag (false when absent). */
  revoked: boolean;
  /** Its `created_by_ref`; null or undefined when anonymous. */
  createdByRef?: string | null;
  /** Its `created`; null or undefined for an SCO. */
  created?: string | null;
}

/** Rejections carry the rule id as `kind` and a message a user can act on. */
export type VersionRejection =
  'conflict' | 'foreign-creator' | 'created-changed' | 'revoked' | 'unrevoked';

export type VersionDecision =
  /** Store it; `latest` tells whether it becomes the object's latest version. */
  | { kind: 'new-version'; latest: boolean }
  /** The same version with the same content is already stored: nothing to do. */
  | { kind: 'unchanged' }
  | { kind: VersionRejection; message: string };

const sameKey = (a: string | undefined, b: string | undefined): boolean =>
  compareVersionKeys(a || undefined, b || undefined) === 0;

/**
 * The STIX 2.1 versioning rules (§3.6) for one incoming version of an object, given the
 * stored versions of the same id the store has at hand: at least the latest one and, when it
 * exists, the one with the incoming version key (passing every version is fine too).
 *
 * - no stored version: a new version (and the latest);
 * - same version key and the same content (compared as canonical JSON): `unchanged`;
 * - another `created_by_ref` than the stored versions: `foreign-creator` (only the object
 *   creator versions an object);
 * - another `created`: `created-changed` (created never changes across versions);
 * - same version key, different content: `conflict` (a changed object needs a newer
 *   `modified`; SCOs, which have no version, cannot change at all);
 * - newer than a revoked version: `revoked` (revocation is permanent: no later versions);
 * - revoked but older than a stored version that is not: `unrevoked`;
 * - otherwise a new version, the latest one when newer than every stored version (an older
 *   one fills in history, as a consumer receiving versions out of order may keep them).
 */
export function decideVersion(
  incoming: StixObject,
  stored: readonly StoredVersion[],
): VersionDecision {
  if (stored.length === 0) return { kind: 'new-version', latest: true };
  const key = versionKey(incoming);
  const same = stored.find((v) => sameKey(v.version, key));
  if (same !== undefined && sameContent(same.body, incoming)) return { kind: 'unchanged' };
  const first = stored[0]!;
  if ((first.createdByRef ?? null) !== (incoming.created_by_ref ?? null)) {
    return {
      kind: 'foreign-creator',
      message: `${incoming.id} was created by ${first.createdByRef ?? 'an anonymous creator'}; only its creator may version it, others create a new object (STIX 2.1 §3.6).`,
    };
  }
  if (!sameKey(first.created ?? undefined, incoming.created)) {
    return {
      kind: 'created-changed',
      message: `"created" of ${incoming.id} may not change between versions (stored ${first.created ?? 'none'}, got ${incoming.created ?? 'none'}).`,
    };
  }
  if (same !== undefined) {
    return {
      kind: 'conflict',
      message:
        key === undefined
          ? `${incoming.id} is already stored with different content; SCOs are not versioned, so a different observation needs another id.`
          : `${incoming.id} already has a version ${key} with different content; a changed object needs a newer "modified" (STIX 2.1 §3.6).`,
    };
  }
  let latest = true;
  for (const version of stored) {
    const order = compareVersionKeys(key, version.version || undefined);
    if (order > 0 && version.revoked) {
      return {
        kind: 'revoked',
        message: `${incoming.id} was revoked in version ${version.version}; revocation is permanent and no later version may be created (STIX 2.1 §3.6).`,
      };
    }
    if (order < 0) {
      latest = false;
      if (incoming.revoked === true && !version.revoked) {
        return {
          kind: 'unrevoked',
          message: `${incoming.id} version ${key} is revoked but the later version ${version.version} is not; revocation is permanent (STIX 2.1 §3.6).`,
        };
      }
    }
  }
  return { kind: 'new-version', latest };
}

/** Whether a stored body (canonical or raw JSON text) has the incoming object's content. */
function sameContent(body: string, incoming: StixObject): boolean {
  if (body === '') return false;
  // Re-imports usually repeat the same text: compare it before canonicalizing both sides.
  if (body === JSON.stringify(incoming)) return true;
  const canonical = canonicalJson(incoming);
  if (body === canonical) return true;
  try {
    return canonicalJson(JSON.parse(body)) === canonical;
  } catch {
    return false; // an unreadable stored body never equals a valid object
  }
}
