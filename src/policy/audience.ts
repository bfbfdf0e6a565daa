import type { StixObject } from '../stix/types.js';
import {
  interpretMarkingDefinition,
  resolveTlpOnly,
  SHURA_MARKING_EXTENSION_ID,
  type MarkingResolver,
} from './markings.js';
import { STRICTNESS, type TlpLevel } from './tlp.js';

/** Audience token every viewer holds: TLP:CLEAR content. */
export const PUBLIC_TOKEN = 'public';
/** Audience token of every member organization of the community (TLP:GREEN). */
export const COMMUNITY_TOKEN = 'community';
/**
 * Marker token of content that may not leave this node (unmarked, unknown markings, and
 * AMBER+STRICT content this node received from elsewhere). No viewer is granted it; peer
 * viewers withhold it (see `Viewer.withheld`).
 */
export const NO_FORWARD_TOKEN = 'no-forward';

/** The audience token of one organization. */
export function orgToken(organizationId: string): string {
  return `org:${organizationId}`;
}

/** The audience token of one trust group. */
export function groupToken(groupId: string): string {
  return `group:${groupId}`;
}

/** The audience token of one person (a user). */
export function personToken(userId: string): string {
  return `person:${userId}`;
}

/**
 * Who sees unmarked content: the owner organization only (the default, fail closed), every
 * member organization, or everyone.
 */
export type UnmarkedAudience = 'owner' | 'community' | 'public';

/** What the audience of a stored version depends on besides the object itself. */
export interface AudienceContext {
  /** Local organization that owns this copy: the submitter. */
  ownerOrganizationId: string;
  /** The local organization whose identity is the object's `created_by_ref`, if any. */
  creatorOrganizationId?: string | undefined;
  /** Meaning of marking ids; default: TLP ids only (anything else is unknown: fail closed). */
  resolveMarking?: MarkingResolver;
  /** Local organization of a recipient identity id; unknown recipients get nothing. */
  organizationOfIdentity?: (identityId: string) => string | undefined;
  /** Who sees unmarked content. Default `owner`. */
  unmarked?: UnmarkedAudience;
  /** True when this node received the object from another node (relay or peer). */
  relayed?: boolean;
}

/** The grant of a set of markings, before the owners are added. */
interface Grant {
  tokens: string[];
  forwardable: boolean;
}

/**
 * The audience tokens of one object version (DESIGN.md, Sharing semantics), computed once when
 * it is stored. The owner (and the local creator) always see it. Then, by the strictest TLP
 * level among the object markings:
 * - CLEAR: everyone (`public`); GREEN: every member organization (`community`); a trust-group
 *   or recipients marking next to CLEAR or GREEN narrows it to those groups and recipients.
 * - AMBER and AMBER+STRICT: the members of the marked trust groups and the named recipients.
 *   AMBER+STRICT received from another node may not be forwarded onward.
 * - RED: the named recipients only (trust groups do not widen RED).
 * - no TLP but a group or recipients marking: those groups and recipients.
 * - unmarked (or statements only): the node default, see {@link UnmarkedAudience}.
 * Fail closed: one marking this node does not understand leaves the object to its owners and
 * keeps it on this node.
 */
export function audienceOf(object: StixObject, context: AudienceContext): string[] {
  const owners = ownerTokens(context);
  const definition = definitionAudience(object, context);
  if (definition?.includes(PUBLIC_TOKEN)) return [PUBLIC_TOKEN];
  if (definition) return [...new Set([...definition, ...owners])];
  return withOwners(grantOf(object.object_marking_refs ?? [], context), owners);
}

/** The tokens of the owners of a copy: the submitter and the local creator. */
function ownerTokens(context: AudienceContext): string[] {
  const owners = [orgToken(context.ownerOrganizationId)];
  const creator = context.creatorOrganizationId;
  if (creator !== undefined && creator !== context.ownerOrganizationId)
    owners.push(orgToken(creator));
  return owners;
}

function withOwners(grant: Grant, owners: readonly string[]): string[] {
  // Every viewer holding an organization's token also holds `public` and `community`
  // (viewer.ts), so the owners need not be listed beside them: all CLEAR content then shares
  // one audience set, all GREEN content another, and the gate's semi-join stays small.
  if (grant.tokens.includes(PUBLIC_TOKEN)) return [PUBLIC_TOKEN];
  if (grant.tokens.includes(COMMUNITY_TOKEN)) return [COMMUNITY_TOKEN];
  const tokens = [...new Set([...grant.tokens, ...owners])];
  if (!grant.forwardable) tokens.push(NO_FORWARD_TOKEN);
  return tokens;
}

/**
 * The audience of the definitions sharing depends on, which must reach whoever may see what
 * they mark: TLP definitions and our extension definition are public; a trust group's
 * definition is for its members; a recipients definition for its recipients.
 */
function definitionAudience(object: StixObject, context: AudienceContext): string[] | undefined {
  if (object.type === 'extension-definition' && object.id === SHURA_MARKING_EXTENSION_ID)
    return [PUBLIC_TOKEN];
  if (object.type !== 'marking-definition') return undefined;
  const meaning = interpretMarkingDefinition(object);
  switch (meaning?.kind) {
    case 'tlp':
      return [PUBLIC_TOKEN];
    case 'group':
      return [groupToken(meaning.groupId)];
    case 'recipients':
      return recipientTokens(meaning.identityIds, context);
    default:
      return undefined;
  }
}

function recipientTokens(identityIds: readonly string[], context: AudienceContext): string[] {
  const tokens: string[] = [];
  for (const identityId of identityIds) {
    const org = context.organizationOfIdentity?.(identityId);
    if (org !== undefined) tokens.push(orgToken(org));
  }
  return tokens;
}

/** What a set of marking ids grants (without the owners). */
function grantOf(markingIds: readonly string[], context: AudienceContext): Grant {
  const resolve = context.resolveMarking ?? resolveTlpOnly;
  let level: TlpLevel | undefined;
  const groups: string[] = [];
  const recipients: string[] = [];
  let named = false;
  for (const id of markingIds) {
    const meaning = resolve(id);
    if (meaning === undefined) return { tokens: [], forwardable: false };
    switch (meaning.kind) {
      case 'tlp':
        if (level === undefined || STRICTNESS[meaning.level] > STRICTNESS[level])
          level = meaning.level;
        break;
      case 'group':
        groups.push(groupToken(meaning.groupId));
        named = true;
        break;
      case 'recipients':
        recipients.push(...recipientTokens(meaning.identityIds, context));
        named = true;
        break;
      case 'statement':
        break;
    }
  }
  const both = [...groups, ...recipients];
  switch (level) {
    case undefined:
      return named ? { tokens: both, forwardable: true } : unmarkedGrant(context);
    case 'clear':
      return { tokens: named ? both : [PUBLIC_TOKEN], forwardable: true };
    case 'green':
      return { tokens: named ? both : [COMMUNITY_TOKEN], forwardable: true };
    case 'amber':
      return { tokens: both, forwardable: true };
    case 'amber+strict':
      return { tokens: both, forwardable: context.relayed !== true };
    case 'red':
      return { tokens: recipients, forwardable: true };
  }
}

function unmarkedGrant(context: AudienceContext): Grant {
  switch (context.unmarked ?? 'owner') {
    case 'owner':
      return { tokens: [], forwardable: false };
    case 'community':
      return { tokens: [COMMUNITY_TOKEN], forwardable: true };
    case 'public':
      return { tokens: [PUBLIC_TOKEN], forwardable: true };
  }
}

/** The audience of the properties some granular markings select (STIX 2.1 §7.2.3). */
export interface GranularAudience {
  /** STIX selectors, e.g. `description`, `external_references.[0].url`. */
  readonly selectors: readonly string[];
  /** Tokens of who may see the selected properties (the owners always may). */
  readonly audience: readonly string[];
}

/**
 * The audiences of an object's granular markings (those with a `marking_ref`; language
 * markings do not restrict). The markings on a property are the object markings plus every
 * granular marking selecting it, read by the rules of {@link audienceOf}, except that trust
 * groups and recipients named at the property replace those named for the object: so RED plus
 * a recipients marking on `description` of a GREEN object shows it to those recipients only,
 * and a trust group on a property narrows it to that group. A viewer sees a property only if it
 * sees the object (the store checked that) and the property's audience; markings that restrict
 * nobody who may see the object are left out.
 */
export function granularAudiences(
  object: StixObject,
  context: AudienceContext,
): GranularAudience[] {
  const bySelector = new Map<string, Set<string>>();
  for (const marking of object.granular_markings ?? []) {
    if (typeof marking.marking_ref !== 'string' || !Array.isArray(marking.selectors)) continue;
    for (const selector of marking.selectors) {
      const refs = bySelector.get(selector) ?? new Set<string>();
      refs.add(marking.marking_ref);
      bySelector.set(selector, refs);
    }
  }
  if (bySelector.size === 0) return [];
  const resolve = context.resolveMarking ?? resolveTlpOnly;
  const isNamed = (id: string) => {
    const kind = resolve(id)?.kind;
    return kind === 'group' || kind === 'recipients';
  };
  const owners = ownerTokens(context);
  const objectMarkings = object.object_marking_refs ?? [];
  const bySet = new Map<string, { selectors: string[]; audience: string[] }>();
  for (const [selector, refs] of bySelector) {
    const key = [...refs].sort().join(' ');
    const known = bySet.get(key);
    if (known) {
      known.selectors.push(selector);
      continue;
    }
    const granular = [...refs];
    const narrows = granular.some(isNamed);
    const markings = [...objectMarkings.filter((id) => !(narrows && isNamed(id))), ...granular];
    bySet.set(key, {
      selectors: [selector],
      audience: withOwners(grantOf(markings, context), owners),
    });
  }
  // Leave out what restricts nobody who may see the object: public, or the object's own audience.
  const objectKey = [...withOwners(grantOf(objectMarkings, context), owners)].sort().join(' ');
  return [...bySet.values()].filter(
    (g) => !g.audience.includes(PUBLIC_TOKEN) && [...g.audience].sort().join(' ') !== objectKey,
  );
}
