import type { StoredVersion, VersionRejection } from '../stix/versioning.js';
import { decideVersion as decideStixVersion } from '../stix/versioning.js';
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

/** Store rule ids for the rejections of `stix/versioning.ts` (`conflict` keeps its old id). */
const RULE_OF: Readonly<Record<VersionRejection, string>> = {
  conflict: 'version-conflict',
  'foreign-creator': 'foreign-creator',
  'created-changed': 'created-changed',
  revoked: 'revoked',
  unrevoked: 'unrevoked',
};

/**
 * The STIX 2.1 versioning rules (§3.6, `stix/versioning.ts`) applied to what a store has in
 * hand for one incoming version: the object's latest-version summary and the body stored
 * under the same (id, version), if any (JSON text, or the object itself when it came earlier
 * in the same batch). `version` is the normalized key of the incoming version.
 */
export function decideVersion(
  incoming: StixObject,
  version: string,
  existing: ExistingObject | undefined,
  sameVersionBody: string | StixObject | undefined,
): VersionDecision {
  const same =
    sameVersionBody === undefined
      ? undefined
      : typeof sameVersionBody === 'string'
        ? sameVersionBody
        : JSON.stringify(sameVersionBody);
  const stored: StoredVersion[] = [];
  if (existing) {
    stored.push({
      version: existing.lastVersion,
      body: existing.lastVersion === version && same !== undefined ? same : '',
      revoked: existing.lastRevoked,
      createdByRef: existing.createdByRef,
      created: existing.created,
    });
  }
  if (same !== undefined && existing?.lastVersion !== version) {
    // Only the content matters for this entry; creator and created come from the summary.
    stored.push({
      version,
      body: same,
      revoked: false,
      createdByRef: existing ? existing.createdByRef : (incoming.created_by_ref ?? null),
      created: existing ? existing.created : (incoming.created ?? null),
    });
  }
  const decision = decideStixVersion(incoming, stored);
  if (decision.kind === 'new-version') return { kind: 'insert' };
  if (decision.kind === 'unchanged') return decision;
  return { kind: 'reject', rule: RULE_OF[decision.kind], message: decision.message };
}
