/**
 * Who is reading: the audience tokens they hold. A viewer may see an object version iff the
 * version's audience and the viewer's tokens intersect (DESIGN.md, Sharing semantics).
 */
export interface Viewer {
  /** e.g. `public`, `community`, `org:<organization id>`, `group:<id>`, `person:<id>`. */
  readonly tokens: readonly string[];
}

/** A viewer that sees only public (TLP:CLEAR) content. */
export const PUBLIC_VIEWER: Viewer = { tokens: ['public'] };
