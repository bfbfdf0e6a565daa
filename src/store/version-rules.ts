import { canonicalJson } from '../stix/canonical-json.js';
import type { StixObject } from '../stix/types.js';

/**
 * A version key made sortable: STIX timestamps may carry any sub-second precision
 * ("…:00Z" and "…:00.000Z" are the same instant), so keys are stored with exactly nine
 * fractional digits and compared as strings. SCOs (no `modified`/`created`) use ''.
 */
export function normalizeVersion(timestamp: string | undefined): string {
  if (timestamp === undefined) return '';
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(timestamp);
  if (!match) return timestamp;
  return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z`;
}

/** What the store knows about an object before a write: its creator and latest version. */
export interface ExistingObject {
  created: string | null;
  createdByRef: string | null;
  /** Normalized key of the latest version. */
  lastVersion: string;
  /** Whether the latest version has `revoked: true`. */
  lastRevoked: boolean;
}

export type VersionDecision =
  { kind: 'insert' } | { kind: 'unchanged' } | { kind: 'reject'; rule: string; message: string };

/**
 * The store's STIX 2.1 versioning rules (§3.6) for one incoming version, pure.
 *
 * - `unchanged`: a version with this (id, version) exists and is the same JSON value
 *   (RFC 8785 canonical JSON equal; key order does not matter).
 * - `version-conflict`: same (id, version), different content.
 * - `foreign-creator`: `created_by_ref` differs from the object's (only the creator versions).
 * - `created-changed`: `created` differs from the object's (it never changes between versions).
 * - `revoked`: newer than a revoked latest version. An older version arriving late (history
 *   backfilled by a peer) is still accepted: it was made before the revocation.
 *
 * `sameVersionBody` is what is stored under the same (id, version), if anything: the JSON text,
 * or the object itself when it came earlier in the same batch.
 */
export function decideVersion(
  incoming: StixObject,
  version: string,
  existing: ExistingObject | undefined,
  sameVersionBody: string | StixObject | undefined,
): VersionDecision {
  if (sameVersionBody !== undefined) {
    return sameContent(sameVersionBody, incoming)
      ? { kind: 'unchanged' }
      : {
          kind: 'reject',
          rule: 'version-conflict',
          message: `${incoming.id} already has a version ${incoming.modified ?? incoming.created ?? '(unversioned)'} with different content; a changed object needs a newer "modified".`,
        };
  }
  if (!existing) return { kind: 'insert' };
  if (existing.createdByRef !== (incoming.created_by_ref ?? null)) {
    return {
      kind: 'reject',
      rule: 'foreign-creator',
      message: `${incoming.id} was created by ${existing.createdByRef ?? 'no identity'}; only its creator may version it (STIX 2.1 §3.6).`,
    };
  }
  if (existing.created !== (incoming.created ?? null)) {
    return {
      kind: 'reject',
      rule: 'created-changed',
      message: `"created" of ${incoming.id} may not change between versions (was ${existing.created ?? 'absent'}).`,
    };
  }
  if (existing.lastRevoked && version > existing.lastVersion) {
    return {
      kind: 'reject',
      rule: 'revoked',
      message: `${incoming.id} has been revoked; it cannot get newer versions (STIX 2.1 §3.6.2).`,
    };
  }
  return { kind: 'insert' };
}

function sameContent(stored: string | StixObject, incoming: StixObject): boolean {
  if (stored === incoming) return true;
  if (typeof stored === 'string') {
    // Re-imports usually repeat the same text: compare it before canonicalizing both sides.
    if (stored === JSON.stringify(incoming)) return true;
    return canonicalJson(JSON.parse(stored) as unknown) === canonicalJson(incoming);
  }
  return canonicalJson(stored) === canonicalJson(incoming);
}
