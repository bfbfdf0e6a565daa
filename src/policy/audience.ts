import type { StixObject } from '../stix/types.js';
import { strictestTlp, tlpLevelOf } from './tlp.js';

/** Audience token every viewer holds: TLP:CLEAR content. */
export const PUBLIC_TOKEN = 'public';
/** Audience token of every member organization of the community (TLP:GREEN). */
export const COMMUNITY_TOKEN = 'community';

/** The audience token of one organization. */
export function orgToken(organizationId: string): string {
  return `org:${organizationId}`;
}

/** What the audience of a stored version depends on besides the object itself. */
export interface AudienceContext {
  /** Local organization that owns this copy: the creator's organization, or the submitter. */
  ownerOrganizationId: string;
}

/**
 * The audience tokens of one object version (DESIGN.md, Sharing semantics), computed once when
 * it is stored. Fail closed: a marking this node does not understand, AMBER, AMBER+STRICT and
 * RED (whose recipients come with trust groups), and no marking at all, leave the object
 * visible to its owner organization only.
 */
export function audienceOf(object: StixObject, context: AudienceContext): string[] {
  const owner = orgToken(context.ownerOrganizationId);
  const markings = object.object_marking_refs ?? [];
  if (object.type === 'marking-definition' && tlpLevelOf(object.id) !== undefined) {
    return [PUBLIC_TOKEN, owner]; // The TLP definitions themselves are public knowledge.
  }
  const unknown = markings.some((id) => tlpLevelOf(id) === undefined);
  if (unknown) return [owner];
  switch (strictestTlp(markings)) {
    case 'clear':
      return [PUBLIC_TOKEN, owner];
    case 'green':
      return [COMMUNITY_TOKEN, owner];
    default:
      return [owner];
  }
}
