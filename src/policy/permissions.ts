import type { Role } from './roles.js';

/** The acting user as the permission checks need it. */
export interface Actor {
  userId: string;
  organizationId: string;
  role: Role;
}

/** Roles an org-admin may give to people of its own organization. */
const ORG_ADMIN_ASSIGNABLE: readonly Role[] = ['org-admin', 'analyst', 'read-only'];

/** Only node admins manage organizations (create, rename, set country and sectors). */
export function mayManageOrganizations(actor: Actor): boolean {
  return actor.role === 'admin';
}

/**
 * Whether the actor may create or change a user of `organizationId` with `role`: node admins
 * any user and role; org-admins people of their own organization, as org-admin, analyst or
 * read-only (never node admins or peer accounts).
 */
export function mayManageUser(actor: Actor, organizationId: string, role: Role): boolean {
  if (actor.role === 'admin') return true;
  return (
    actor.role === 'org-admin' &&
    actor.organizationId === organizationId &&
    ORG_ADMIN_ASSIGNABLE.includes(role)
  );
}

/** Whether the actor may see the account of a user (itself, its people, or all for admins). */
export function maySeeUser(actor: Actor, user: { id: string; organizationId: string }): boolean {
  if (actor.role === 'admin' || actor.userId === user.id) return true;
  return actor.role === 'org-admin' && actor.organizationId === user.organizationId;
}

/**
 * Whether the actor may issue, list or revoke the keys of `user`: its own keys, or the keys of
 * a user it manages.
 */
export function mayManageKeysOf(
  actor: Actor,
  user: { id: string; organizationId: string; role: Role },
): boolean {
  return actor.userId === user.id || mayManageUser(actor, user.organizationId, user.role);
}

/** Who may create a trust group owned by `ownerOrganizationId`. */
export function mayCreateGroup(actor: Actor, ownerOrganizationId: string): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'org-admin' && actor.organizationId === ownerOrganizationId;
}

/** Who may change a trust group's members: node admins and the owner's org-admins. */
export function mayManageGroup(actor: Actor, group: { ownerOrganizationId: string }): boolean {
  return mayCreateGroup(actor, group.ownerOrganizationId);
}

/** Who may see a trust group: node admins and its member organizations. */
export function maySeeGroup(actor: Actor, group: { members: readonly string[] }): boolean {
  return actor.role === 'admin' || group.members.includes(actor.organizationId);
}

/** Which audit events an actor may read. */
export type AuditScope =
  | { kind: 'all' }
  /** Events about objects created by this organization. */
  | { kind: 'own-objects'; organizationId: string }
  | { kind: 'none' };

/** Node admins read the whole audit log; org-admins the events about their own objects. */
export function auditScopeOf(actor: Actor): AuditScope {
  if (actor.role === 'admin') return { kind: 'all' };
  if (actor.role === 'org-admin')
    return { kind: 'own-objects', organizationId: actor.organizationId };
  return { kind: 'none' };
}
