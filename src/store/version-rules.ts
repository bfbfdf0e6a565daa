import { canonicalJson } from '../stix/canonical-json.js';
import type { StixObject } from '../stix/types.js';

/**
 * A version key made sortable: STIX timestamps may carry any sub-second precision
 * ("…:00Z" and "…:00.000Z" are the same instant), so keys are stored with exactly nine
 * fractional digits and compared as strings. SCOs (no version) use ''.
 */
export function normalizeVersion(timestamp: string | undefined): string {
  if (timestamp === undefined) return '';
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(timestamp);
  if (!match) return timestamp;
  return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z`;
}

/** What the store knows about an object before a write. */
export interface ExistingObject {
  created: string | null;
  createdByRef: string | null;
  /** Normalized key of the latest version. */
  lastVersion: string;
  lastRevoked: boolean;
}

export type VersionDecision =
  { kind: 'insert' } | { kind: 'unchanged' } | { kind: 'reject'; rule: string; message: string };

/**
 * STIX 2.1 versioning rules (§3.6) for one incoming version. `sameVersionBody` is the stored
 * body (JSON text, or the object itself when it came earlier in the same batch) under the
 * same (id, version), if any. Identical content is a no-op; a different body
 * under the same version is a conflict; only the creator versions an object; `created` never
 * changes; a revoked object gets no newer versions.
 */
export function decideVersion(
  incoming: StixObject,
  version: string,
  existing: ExistingObject | undefined,
  sameVersionBody: string | StixObject | undefined,
): VersionDecision {
  if (sameVersionBody !== undefined) {
    const stored =
      typeof sameVersionBody === 'string'
        ? (JSON.parse(sameVersionBody) as unknown)
        : sameVersionBody;
    if (stored === incoming || canonicalJson(stored) === canonicalJson(incoming)) {
      return { kind: 'unchanged' };
    }
    return {
      kind: 'reject',
      rule: 'version-conflict',
      message: `${incoming.id} already has a version ${incoming.modified ?? incoming.created ?? '(unversioned)'} with different content; a changed object needs a newer "modified".`,
    };
  }
  if (!existing) return { kind: 'insert' };
  if ((existing.createdByRef ?? null) !== (incoming.created_by_ref ?? null)) {
    return {
      kind: 'reject',
      rule: 'foreign-creator',
      message: `${incoming.id} was created by ${existing.createdByRef ?? 'no identity'}; only its creator may version it (STIX 2.1 §3.6).`,
    };
  }
  if ((existing.created ?? null) !== (incoming.created ?? null)) {
    return {
      kind: 'reject',
      rule: 'created-changed',
      message: `"created" of ${incoming.id} may not change between versions (was ${existing.created}).`,
    };
  }
  if (existing.lastRevoked && version > existing.lastVersion) {
    return {
      kind: 'reject',
      rule: 'revoked',
      message: `${incoming.id} has been revoked; it cannot get newer versions.`,
    };
  }
  return { kind: 'insert' };
}

/** The µs-precision `added` clock: strictly increasing, never behind the wall clock. */
export function nextAddedMicros(nowMs: number, lastMicros: number): number {
  return Math.max(nowMs * 1000, lastMicros + 1);
}

/** RFC 3339 with microseconds from epoch microseconds (e.g. 2026-11-23T00:30:00.123456Z). */
export function formatMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
}

/** Parses an RFC 3339 UTC timestamp to epoch microseconds (sub-µs digits are dropped). */
export function parseMicros(timestamp: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(timestamp);
  if (!match) throw new RangeError(`not an RFC 3339 UTC timestamp: ${timestamp}`);
  const seconds = Date.parse(`${match[1]}Z`);
  const fraction = (match[2] ?? '').padEnd(6, '0').slice(0, 6);
  return seconds * 1000 + Number(fraction);
}
