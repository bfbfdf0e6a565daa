import { NO_FORWARD_TOKEN } from './audience.js';
import { canSee, type Viewer } from './viewer.js';

/**
 * Whether a stored version may be sent to a peer node (DESIGN.md, "may leave this node to"):
 * CLEAR and GREEN to every peer, AMBER and AMBER+STRICT to nodes hosting a recipient
 * organization (but AMBER+STRICT received from elsewhere not onward), RED only to the named
 * recipients' nodes, unmarked and unknown nowhere. `peer` is the peer's viewer
 * (`peerViewer`): the rule is the token test every store read applies, and `no-forward`
 * content is refused whatever viewer is passed.
 */
export function mayForward(audience: readonly string[], peer: Viewer): boolean {
  return !audience.includes(NO_FORWARD_TOKEN) && canSee(audience, peer);
}
