import { COMMUNITY_TOKEN, PUBLIC_TOKEN, orgToken } from './audience.js';

/**
 * Who is reading: the audience tokens they hold. A viewer may see an object version iff the
 * version's audience and the viewer's tokens intersect (DESIGN.md, Sharing semantics).
 */
export interface Viewer {
  /** e.g. `public`, `community`, `org:<organization id>`, `group:<id>`, `person:<id>`. */
  readonly tokens: readonly string[];
}

/** A viewer that sees only public (TLP:CLEAR) content. */
export const PUBLIC_VIEWER: Viewer = { tokens: [PUBLIC_TOKEN] };

/** A person or key of a member organization: public, community and their own organization. */
export function memberViewer(organizationId: string): Viewer {
  return { tokens: [PUBLIC_TOKEN, COMMUNITY_TOKEN, orgToken(organizationId)] };
}
