import type { StixObject } from '../../stix/types.js';
import type { ApiKeyRecord, Organization, StoredVersion, User } from '../store.js';
import { formatMicros } from '../version-rules.js';

/** A `versions` row as both backends read it. */
export interface VersionRow {
  seq: number | string;
  id: string;
  version: string;
  added_us: number | string;
  type: string;
  spec_version: string;
  body: string;
}

/**
 * Maps a row to a `StoredVersion`. The version shown is the object's own `modified` (else
 * `created`), or for SCOs the date added, as TAXII 2.1 §3.6 does for unversioned objects.
 */
export function toStoredVersion(row: VersionRow): StoredVersion {
  const object = JSON.parse(row.body) as StixObject;
  const added = formatMicros(Number(row.added_us));
  return {
    id: row.id,
    type: row.type,
    version: object.modified ?? object.created ?? added,
    added,
    specVersion: row.spec_version,
    object,
  };
}

/* Identity rows: the same column names in both backends. */
export interface OrgRow {
  id: string;
  name: string;
  identity_id: string;
  created: string;
}
export interface UserRow {
  id: string;
  organization_id: string;
  name: string;
  role: User['role'];
  created: string;
}
export interface KeyRow {
  id: string;
  user_id: string;
  secret_hash: string;
  created: string;
  expires: string | null;
  revoked: string | null;
}

export function toOrganization(row: OrgRow): Organization {
  return { id: row.id, name: row.name, identityId: row.identity_id, created: row.created };
}
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    role: row.role,
    created: row.created,
  };
}
export function toApiKey(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    userId: row.user_id,
    secretHash: row.secret_hash,
    created: row.created,
    ...(row.expires !== null ? { expires: row.expires } : {}),
    ...(row.revoked !== null ? { revoked: row.revoked } : {}),
  };
}
