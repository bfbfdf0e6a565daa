import type { Actor } from '../policy/permissions.js';

/**
 * Who is acting, as the audit log records it: a person through a key, a peer node through its
 * sync key, or the node operator at the CLI (acting for an organization, with admin rights).
 */
export interface Caller extends Actor {
  kind: 'user' | 'peer' | 'operator';
  /** Id of the API key used (its public part; never the secret). */
  keyId?: string;
  /** Interface the request came through: `rest`, `taxii`, `cli`. */
  via: string;
}

/** The node operator at the CLI, acting for an organization with node-admin rights. */
export function operatorCaller(organizationId: string): Caller {
  return { kind: 'operator', userId: 'operator', organizationId, role: 'admin', via: 'cli' };
}
