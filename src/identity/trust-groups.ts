import { randomUUID } from 'node:crypto';
import { recordAdministration } from '../audit/audit-log.js';
import type { Caller } from '../audit/caller.js';
import { ingest } from '../intel/ingest.js';
import {
  SHURA_MARKING_EXTENSION,
  SHURA_PROJECT_IDENTITY,
  trustGroupMarking,
} from '../policy/markings.js';
import { mayCreateGroup, mayManageGroup, maySeeGroup } from '../policy/permissions.js';
import type { StixObject } from '../stix/types.js';
import type { Store, TrustGroup } from '../store/store.js';
import { IdentityError } from './identity-error.js';

/**
 * Trust groups: named communities of organizations (a regional CERT community, a sector
 * ISAC). Each is a marking definition of Shura's extension, `marking-definition--<group id>`,
 * stored as a STIX object visible to the group's members so it travels with what it marks.
 * Membership lives in the store: changing it changes viewers' tokens, never stored objects.
 * The owner organization is always a member.
 */

/** Creates a trust group owned by `ownerOrganizationId` (default: the caller's organization). */
export async function createTrustGroup(
  store: Store,
  caller: Caller,
  input: {
    name: string;
    description?: string | undefined;
    ownerOrganizationId?: string | undefined;
    members?: readonly string[] | undefined;
  },
  now: Date,
): Promise<TrustGroup> {
  const ownerOrganizationId = input.ownerOrganizationId ?? caller.organizationId;
  if (!mayCreateGroup(caller, ownerOrganizationId))
    throw new IdentityError(
      'forbidden',
      'Node admins and org-admins (for their own organization) create trust groups.',
    );
  const owner = await store.getOrganization(ownerOrganizationId);
  if (!owner) throw new IdentityError('not-found', `No organization ${ownerOrganizationId}.`);
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200)
    throw new IdentityError('invalid', 'A trust group name is 1 to 200 characters.');
  const members = [...new Set([ownerOrganizationId, ...(input.members ?? [])])];
  for (const id of members)
    if (!(await store.getOrganization(id)))
      throw new IdentityError('not-found', `No organization ${id}.`);
  const group: TrustGroup = {
    id: randomUUID(),
    name,
    ...(input.description?.trim() ? { description: input.description.trim() } : {}),
    ownerOrganizationId,
    created: now.toISOString(),
    members,
  };
  await store.createTrustGroup(group);
  const marking = trustGroupMarking({
    id: group.id,
    name: group.name,
    ownerIdentityId: owner.identityId,
    created: group.created,
  });
  await storeDefinitions(store, ownerOrganizationId, [
    SHURA_PROJECT_IDENTITY,
    SHURA_MARKING_EXTENSION,
    marking,
  ]);
  await recordAdministration(store, caller, 'group.created', now, {
    groupId: group.id,
    name: group.name,
    ownerOrganizationId,
    members,
  });
  return group;
}

/** Stores the definitions a trust group needs (relay mode: they carry their own creators). */
async function storeDefinitions(store: Store, submittedBy: string, objects: StixObject[]) {
  const report = await ingest(
    objects.map((value, index) => ({ index, value })),
    { store, submittedBy, relay: true },
  );
  const rejected = report.results.find((r) => r.status === 'rejected');
  if (rejected)
    throw new IdentityError(
      'conflict',
      `Could not store ${rejected.id ?? 'a definition'}: ${rejected.errors?.[0]?.message ?? ''}`,
    );
}

/** The trust groups a caller may see: all for node admins, else those of its organization. */
export async function listTrustGroups(store: Store, caller: Caller): Promise<TrustGroup[]> {
  const groups = await store.listTrustGroups(
    caller.role === 'admin' ? {} : { memberOrganizationId: caller.organizationId },
  );
  return groups.filter((g) => maySeeGroup(caller, g));
}

/** One trust group the caller may see, else `not-found`. */
export async function getTrustGroup(store: Store, caller: Caller, id: string): Promise<TrustGroup> {
  const group = await store.getTrustGroup(id);
  if (!group || !maySeeGroup(caller, group))
    throw new IdentityError('not-found', `No trust group ${id}.`);
  return group;
}

/** Adds or removes a member organization (node admins and the owner's org-admins). */
export async function setGroupMember(
  store: Store,
  caller: Caller,
  groupId: string,
  organizationId: string,
  member: boolean,
  now: Date,
): Promise<TrustGroup> {
  const group = await getTrustGroup(store, caller, groupId);
  if (!mayManageGroup(caller, group))
    throw new IdentityError(
      'forbidden',
      "Only node admins and the owner organization's org-admins change a trust group.",
    );
  if (!member && organizationId === group.ownerOrganizationId)
    throw new IdentityError(
      'conflict',
      'The owner organization stays a member of its trust group.',
    );
  if (member && !(await store.getOrganization(organizationId)))
    throw new IdentityError('not-found', `No organization ${organizationId}.`);
  const changed = member
    ? await store.addGroupMember(groupId, organizationId, now.toISOString())
    : await store.removeGroupMember(groupId, organizationId);
  if (changed)
    await recordAdministration(
      store,
      caller,
      member ? 'group.member-added' : 'group.member-removed',
      now,
      {
        groupId,
        organizationId,
      },
    );
  return (await store.getTrustGroup(groupId))!;
}
