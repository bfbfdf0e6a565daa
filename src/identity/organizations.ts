import { randomUUID } from 'node:crypto';
import { recordAdministration } from '../audit/audit-log.js';
import type { Caller } from '../audit/caller.js';
import { ingest } from '../intel/ingest.js';
import { mayManageOrganizations } from '../policy/permissions.js';
import { TLP2_MARKING_IDS } from '../policy/tlp.js';
import type { StixObject } from '../stix/types.js';
import type { Organization, Role, Store, User } from '../store/store.js';
import { IdentityError } from './identity-error.js';

/** A new organization and its STIX identity (identity_class `organization`). */
export interface NewOrganization {
  organization: Organization;
  identity: StixObject;
}

/** Descriptive details of an organization. */
export interface OrganizationDetails {
  /** ISO 3166-1 alpha-2 country code, e.g. `EE`. */
  country?: string | undefined;
  /** STIX `industry-sector-ov` values, e.g. `government`, `financial-services`. */
  sectors?: readonly string[] | undefined;
}

/**
 * The STIX identity of an organization (TLP:CLEAR: the community directory is public). Its
 * `created_by_ref` is itself: an organization speaks for itself.
 */
export function organizationIdentity(organization: Organization, modified: string): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: organization.identityId,
    created: organization.created,
    modified,
    created_by_ref: organization.identityId,
    name: organization.name,
    identity_class: 'organization',
    ...(organization.sectors?.length ? { sectors: [...organization.sectors] } : {}),
    object_marking_refs: [TLP2_MARKING_IDS.clear],
  };
}

/**
 * Creates an organization with a fresh STIX identity id. The identity object is returned for
 * the caller to ingest (so it is stored, versioned and marked like any other object).
 */
export async function createOrganization(
  store: Store,
  name: string,
  now: Date,
  details: OrganizationDetails = {},
): Promise<NewOrganization> {
  const organization: Organization = {
    id: randomUUID(),
    name,
    identityId: `identity--${randomUUID()}`,
    created: now.toISOString(),
    ...cleanDetails(details),
  };
  await store.createOrganization(organization);
  return { organization, identity: organizationIdentity(organization, organization.created) };
}

const COUNTRY = /^[A-Z]{2}$/;
const SECTOR = /^[a-z][a-z0-9-]{0,63}$/;

function cleanDetails(details: OrganizationDetails): { country?: string; sectors?: string[] } {
  if (details.country !== undefined && !COUNTRY.test(details.country))
    throw new IdentityError(
      'invalid',
      '"country" must be an ISO 3166-1 alpha-2 code such as "EE".',
    );
  if (details.sectors !== undefined && !details.sectors.every((s) => SECTOR.test(s)))
    throw new IdentityError(
      'invalid',
      '"sectors" must be industry-sector-ov values such as "government".',
    );
  return {
    ...(details.country !== undefined ? { country: details.country } : {}),
    ...(details.sectors !== undefined ? { sectors: [...new Set(details.sectors)] } : {}),
  };
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200)
    throw new IdentityError('invalid', 'A name is 1 to 200 characters.');
  return trimmed;
}

/**
 * A node admin registers an organization: its record, and its identity stored as a public
 * STIX object (so others can name it as a recipient or find what it created).
 */
export async function registerOrganization(
  store: Store,
  caller: Caller,
  input: { name: string } & OrganizationDetails,
  now: Date,
): Promise<Organization> {
  if (!mayManageOrganizations(caller))
    throw new IdentityError('forbidden', 'Only node admins manage organizations.');
  const { organization, identity } = await createOrganization(
    store,
    checkName(input.name),
    now,
    input,
  );
  await storeIdentity(store, organization, identity);
  await recordAdministration(store, caller, 'organization.created', now, {
    organizationId: organization.id,
    name: organization.name,
  });
  return organization;
}

/** A node admin renames an organization or changes its country or sectors (a new identity version). */
export async function updateOrganization(
  store: Store,
  caller: Caller,
  id: string,
  changes: { name?: string | undefined } & OrganizationDetails,
  now: Date,
): Promise<Organization> {
  if (!mayManageOrganizations(caller))
    throw new IdentityError('forbidden', 'Only node admins manage organizations.');
  const existing = await store.getOrganization(id);
  if (!existing) throw new IdentityError('not-found', `No organization ${id}.`);
  const updated: Organization = {
    ...existing,
    ...(changes.name !== undefined ? { name: checkName(changes.name) } : {}),
    ...cleanDetails(changes),
  };
  await store.updateOrganization(updated);
  await storeIdentity(store, updated, organizationIdentity(updated, now.toISOString()));
  await recordAdministration(store, caller, 'organization.updated', now, {
    organizationId: id,
    changed: Object.keys(changes).filter((k) => changes[k as keyof typeof changes] !== undefined),
  });
  return updated;
}

async function storeIdentity(store: Store, organization: Organization, identity: StixObject) {
  const report = await ingest([{ index: 0, value: identity }], {
    store,
    submittedBy: organization.id,
  });
  const result = report.results[0];
  if (result?.status === 'rejected')
    throw new IdentityError(
      'conflict',
      `The identity could not be stored: ${result.errors?.[0]?.message ?? ''}`,
    );
}

/** Creates a user of an organization (no permission check: see `users.ts` for the use case). */
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
