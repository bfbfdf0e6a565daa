import {
  COMMUNITY_TOKEN,
  groupToken,
  NO_FORWARD_TOKEN,
  orgToken,
  personToken,
  PUBLIC_TOKEN,
} from './audience.js';

/**
 * Who is reading: the audience tokens they hold. A viewer may see an object version iff the
 * version's audience shares a token with `tokens` and none with `withheld` (DESIGN.md,
 * Sharing semantics). Every store read applies exactly this.
 */
export interface Viewer {
  /** e.g. `public`, `community`, `org:<organization id>`, `group:<id>`, `person:<id>`. */
  readonly tokens: readonly string[];
  /**
   * Tokens that hide a version even when another token matches: a peer node withholds
   * `no-forward`, so content that may not leave this node never reaches it. Default none.
   */
  readonly withheld?: readonly string[];
}

/** A viewer that sees only public (TLP:CLEAR) content. */
export const PUBLIC_VIEWER: Viewer = { tokens: [PUBLIC_TOKEN] };

/**
 * A person (or key) of a member organization: public, community, their organization, the
 * trust groups it belongs to and, when given, the person.
 */
export function memberViewer(
  organizationId: string,
  groupIds: readonly string[] = [],
  userId?: string,
): Viewer {
  return {
    tokens: [
      PUBLIC_TOKEN,
      COMMUNITY_TOKEN,
      orgToken(organizationId),
      ...groupIds.map(groupToken),
      ...(userId !== undefined ? [personToken(userId)] : []),
    ],
  };
}

/**
 * A peer node (a `sync` account) hosting an organization: it receives what may leave this
 * node for that organization's node (DESIGN.md, "may leave this node to"), so it holds the
 * organization's tokens and withholds `no-forward`.
 */
export function peerViewer(organizationId: string, groupIds: readonly string[] = []): Viewer {
  return {
    tokens: [PUBLIC_TOKEN, COMMUNITY_TOKEN, orgToken(organizationId), ...groupIds.map(groupToken)],
    withheld: [NO_FORWARD_TOKEN],
  };
}

/** The one visibility rule: shares a token and withholds none of the audience's. */
export function canSee(audience: readonly string[], viewer: Viewer): boolean {
  if (viewer.withheld?.some((t) => audience.includes(t))) return false;
  return viewer.tokens.some((t) => audience.includes(t));
}
