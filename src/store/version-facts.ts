import { strictestTlp } from '../policy/tlp.js';
import type { StixObject } from '../stix/types.js';

/**
 * What readers need to know of a version besides its text, stored in columns beside the body
 * (migration 6) so that nothing has to parse it: the audit of an AMBER or RED read needs the
 * TLP level, the version's own timestamp and its creator.
 */
export interface VersionFacts {
  /** The strictest TLP level of its `object_marking_refs` (TLP 2.0 or 1.0), if any. */
  tlp: string | undefined;
  modified: string | undefined;
  created: string | undefined;
  createdByRef: string | undefined;
}

/** The facts of an object, from the object itself (what the writers store). */
export function factsOf(object: StixObject): VersionFacts {
  return {
    tlp: strictestTlp(object.object_marking_refs ?? []),
    modified: object.modified,
    created: object.created,
    createdByRef: object.created_by_ref,
  };
}

/**
 * The `tlp` column: the level, or `''` when the object has no TLP marking. NULL is left for
 * versions written before the column existed, whose facts are unknown (read from the body).
 */
export function tlpColumn(object: StixObject): string {
  return strictestTlp(object.object_marking_refs ?? []) ?? '';
}
