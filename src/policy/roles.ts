/**
 * The roles a user holds (one per user). `admin` runs the node (organizations, every user,
 * audit); `org-admin` manages its own organization's people and keys; `analyst` reads and
 * shares; `read-only` reads; `sync` is a peer node's account: it reads what may leave this
 * node for that peer and pushes content it relays.
 */
export type Role = 'admin' | 'org-admin' | 'analyst' | 'read-only' | 'sync';

export const ROLES: readonly Role[] = ['admin', 'org-admin', 'analyst', 'read-only', 'sync'];

/** Whether a string names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** How a role may write STIX content: as its organization, as a relay, or not at all. */
export type WriteMode = 'member' | 'relay' | 'none';

/**
 * How a role writes (DESIGN.md invariant 3): people write as their organization (their
 * objects carry its identity as `created_by_ref`); a peer node relays others' objects
 * unchanged; read-only accounts do not write.
 */
export function writeModeOf(role: Role): WriteMode {
  switch (role) {
    case 'admin':
    case 'org-admin':
    case 'analyst':
      return 'member';
    case 'sync':
      return 'relay';
    case 'read-only':
      return 'none';
  }
}
