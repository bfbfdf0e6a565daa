import { recordAdministration } from '../audit/audit-log.js';
import type { Caller } from '../audit/caller.js';
import { mayManageUser, maySeeUser } from '../policy/permissions.js';
import { isRole, type Role } from '../policy/roles.js';
import type { Store, User } from '../store/store.js';
import { IdentityError } from './identity-error.js';
import { createUser } from './organizations.js';

/**
 * People of organizations. Node admins manage everyone; org-admins the people of their own
 * organization (as org-admin, analyst or read-only). A user the caller may not see answers
 * `not-found`, exactly as a user that does not exist.
 */

function checkRole(role: unknown): Role {
  if (!isRole(role))
    throw new IdentityError(
      'invalid',
      '"role" must be admin, org-admin, analyst, read-only or sync.',
    );
  return role;
}

/** Adds a person (or a peer node's `sync` account) to an organization. */
export async function addUser(
  store: Store,
  caller: Caller,
  input: { organizationId?: string | undefined; name: string; role: unknown },
  now: Date,
): Promise<User> {
  const role = checkRole(input.role);
  const organizationId = input.organizationId ?? caller.organizationId;
  if (!mayManageUser(caller, organizationId, role))
    throw new IdentityError(
      'forbidden',
      caller.role === 'org-admin'
        ? 'Org-admins add people to their own organization, as org-admin, analyst or read-only.'
        : 'Only node admins and org-admins manage people.',
    );
  if (!(await store.getOrganization(organizationId)))
    throw new IdentityError('not-found', `No organization ${organizationId}.`);
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200)
    throw new IdentityError('invalid', 'A name is 1 to 200 characters.');
  const user = await createUser(store, organizationId, name, role, now);
  await recordAdministration(store, caller, 'user.created', now, {
    userId: user.id,
    organizationId,
    role,
  });
  return user;
}

/** The users a caller may see: all (admin), its organization's (org-admin), or itself. */
export async function listUsers(
  store: Store,
  caller: Caller,
  filter: { organizationId?: string | undefined } = {},
): Promise<User[]> {
  const organizationId = caller.role === 'admin' ? filter.organizationId : caller.organizationId;
  const users = await store.listUsers(organizationId !== undefined ? { organizationId } : {});
  return users.filter((u) => maySeeUser(caller, u));
}

/** One user the caller may see, else `not-found`. */
export async function getUser(store: Store, caller: Caller, id: string): Promise<User> {
  const user = await store.getUser(id);
  if (!user || !maySeeUser(caller, user)) throw new IdentityError('not-found', `No user ${id}.`);
  return user;
}

/**
 * Changes a user's name or role, or disables it (its keys stop working at once) or enables
 * it again. The caller must manage the user both as it is and as it would become.
 */
export async function updateUser(
  store: Store,
  caller: Caller,
  id: string,
  changes: { name?: string | undefined; role?: unknown; disabled?: boolean | undefined },
  now: Date,
): Promise<User> {
  const user = await getUser(store, caller, id);
  const role = changes.role === undefined ? user.role : checkRole(changes.role);
  if (
    !mayManageUser(caller, user.organizationId, user.role) ||
    !mayManageUser(caller, user.organizationId, role)
  )
    throw new IdentityError('forbidden', 'You may not change this user.');
  if (user.id === caller.userId && (changes.disabled === true || role !== user.role))
    throw new IdentityError('forbidden', 'You may not disable yourself or change your own role.');
  const updated: User = { ...user, role };
  if (changes.name !== undefined) {
    const name = changes.name.trim();
    if (name.length === 0 || name.length > 200)
      throw new IdentityError('invalid', 'A name is 1 to 200 characters.');
    updated.name = name;
  }
  if (changes.disabled === true && user.disabled === undefined)
    updated.disabled = now.toISOString();
  if (changes.disabled === false) delete updated.disabled;
  await store.updateUser(updated);
  await recordAdministration(store, caller, 'user.updated', now, {
    userId: id,
    organizationId: user.organizationId,
    ...(role !== user.role ? { role } : {}),
    ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
  });
  return updated;
}
