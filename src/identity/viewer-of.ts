import { memberViewer, peerViewer, type Viewer } from '../policy/viewer.js';
import type { Organization, Store, User } from '../store/store.js';

/**
 * The viewer of a user (DESIGN.md, Sharing semantics): its organization's tokens, the trust
 * groups the organization belongs to (read at each request, so a membership change applies at
 * once) and the person; a peer node's `sync` account gets the peer viewer, which withholds
 * what may not leave this node.
 */
export async function viewerOf(
  store: Store,
  user: User,
  organization: Organization,
): Promise<Viewer> {
  const groups = await store.groupIdsOf(organization.id);
  return user.role === 'sync'
    ? peerViewer(organization.id, groups)
    : memberViewer(organization.id, groups, user.id);
}

/** The viewer of an organization as a whole (the CLI acting for it). */
export async function organizationViewer(store: Store, organizationId: string): Promise<Viewer> {
  return memberViewer(organizationId, await store.groupIdsOf(organizationId));
}
