import { randomUUID } from 'node:crypto';
import type { StixObject } from '../stix/types.js';
import type { Organization, Role, Store, User } from '../store/store.js';

/** A new organization and its STIX identity (identity_class `organization`). */
export interface NewOrganization {
  organization: Organization;
  identity: StixObject;
}

/**
 * Creates an organization with a fresh STIX identity id. The identity object is returned for
 * the caller to ingest (so it is stored, versioned and marked like any other object).
 */
export async function createOrganization(
  store: Store,
  name: string,
  now: Date,
): Promise<NewOrganization> {
  const timestamp = now.toISOString();
  const identityId = `identity--${randomUUID()}`;
  const organization: Organization = { id: randomUUID(), name, identityId, created: timestamp };
  await store.createOrganization(organization);
  const identity: StixObject = {
    type: 'identity',
    spec_version: '2.1',
    id: identityId,
    created: timestamp,
    modified: timestamp,
    created_by_ref: identityId,
    name,
    identity_class: 'organization',
    object_marking_refs: ['marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487'],
  };
  return { organization, identity };
}

/** Creates a user of an organization. */
export async function createUser(
  store: Store,
  organizationId: string,
  name: string,
  role: Role,
  now: Date,
): Promise<User> {
  const user: User = { id: randomUUID(), organizationId, name, role, created: now.toISOString() };
  await store.createUser(user);
  return user;
}
