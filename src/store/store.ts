import type { StixObject } from '../stix/types.js';
import type { Viewer } from '../policy/viewer.js';
import type { VersionFacts } from './version-facts.js';
import type { GranularAudience } from '../policy/audience.js';
import type { Role } from '../policy/roles.js';

export type { Role } from '../policy/roles.js';

/**
 * What the store needs to persist one STIX object version. Built by the ingest pipeline
 * (`intel/`), never by a route handler.
 */
export interface ObjectWrite {
  /** The object as received; stored and returned with its key order intact. */
  object: StixObject;
  /**
   * `JSON.stringify(object)`, when the caller already has it (the ingest pipeline gets it from
   * the thread that validated the object): stored as the body instead of serializing again.
   * It must be exactly that text.
   */
  json?: string;
  /** Version key: `modified`, else `created`, else `undefined` (SCOs: one version only). */
  version: string | undefined;
  /**
   * Audience tokens computed by `policy/` (`public`, `community`, `org:<id>`, `group:<id>`,
   * `person:<id>`): a viewer sees this version iff it holds one of them.
   */
  audience: readonly string[];
  /**
   * Audiences of the properties its granular markings select (`policy/`), stored with the
   * version and applied by `policy/redact.ts` when presenting. Absent when there are none.
   */
  granular?: readonly GranularAudience[];
  /** Local organization that submitted it (for audit, defaults and "created by us" filters). */
  submittedBy: string;
}

/** Outcome of one write, in batch order. */
export type WriteOutcome =
  /** `added`: the version's date added, `seq` its position (see {@link StoredVersion}). */
  | { status: 'stored'; added: string; seq: number }
  | { status: 'unchanged' }
  | { status: 'rejected'; rule: string; message: string };

/**
 * A stored object version as the store returns it (already filtered by the policy gate).
 * `object` and `version` are parsed from `json` on first use, so a read path that only
 * forwards the stored text (TAXII, REST pages) never parses it.
 */
export interface StoredVersion {
  /** Position in storage order (never reused): how the audit log refers to this version. */
  readonly seq: number;
  readonly id: string;
  readonly type: string;
  /** Version key: the object's `modified`, else `created`; for SCOs the date added. */
  readonly version: string;
  /**
   * When this node stored this version (TAXII 2.1 `date_added`): RFC 3339 UTC with microsecond
   * precision, strictly increasing in storage order, so `addedAfter` set to any returned
   * `added` resumes exactly after that version (like a cursor).
   */
  readonly added: string;
  readonly specVersion: string;
  /** The object as stored: present it through `redact(object, granular, viewer)`. */
  readonly object: StixObject;
  /**
   * The stored text of {@link object}: `JSON.stringify` of the object as received (key order
   * kept, no whitespace, no escapes beyond what JSON.stringify writes), byte for byte what an
   * export or a TAXII page sends when no granular marking hides anything.
   */
  readonly json: string;
  /** See {@link ObjectWrite.granular}; absent when the object has no restricting granular markings. */
  readonly granular?: readonly GranularAudience[];
  /**
   * Its TLP level, timestamps and creator from columns, read without parsing the body;
   * undefined for versions stored before the store kept them (read {@link object} then).
   */
  readonly facts?: VersionFacts | undefined;
}

/** Which versions of each object a query returns (TAXII 2.1 §3.4.1 `match[version]`). */
export type VersionSelector =
  { kind: 'last' } | { kind: 'first' } | { kind: 'all' } | { kind: 'at'; versions: string[] };

/** Filters of a STIX read; the filters present are AND-ed, the values of one filter OR-ed. */
export interface ObjectQuery {
  types?: readonly string[];
  ids?: readonly string[];
  /** Only versions added strictly after this RFC 3339 timestamp. */
  addedAfter?: string;
  /** Default `{ kind: 'last' }`. Several selectors are OR-ed (TAXII allows `last,first`). */
  versions?: readonly VersionSelector[];
  specVersions?: readonly string[];
  /** Only versions created by one of these identities (`created_by_ref`). */
  createdBy?: readonly string[];
  /** Page size; the store raises it to at least 1 and caps it at {@link StoreCapabilities.maxPageSize}. */
  limit: number;
  /** Opaque cursor from a previous page's `next`. */
  cursor?: string;
}

export interface ObjectPage {
  items: StoredVersion[];
  /** Present when more items may follow; pass back as {@link ObjectQuery.cursor}. */
  next?: string;
}

export interface StoreCapabilities {
  /** Largest page a query returns. Default 10,000. */
  readonly maxPageSize: number;
  /** Backend name for logs and diagnostics only: services must not branch on it. */
  readonly backend: string;
}

export interface Organization {
  id: string;
  name: string;
  /** STIX identity id (`identity--…`, identity_class organization) used as `created_by_ref`. */
  identityId: string;
  created: string;
  /** ISO 3166-1 alpha-2 country code. */
  country?: string;
  /** STIX `industry-sector-ov` values. */
  sectors?: string[];
}

export interface User {
  id: string;
  organizationId: string;
  name: string;
  role: Role;
  created: string;
  /** When the user was disabled: its keys are refused from then on. */
  disabled?: string;
}

export interface ApiKeyRecord {
  id: string;
  userId: string;
  /** SHA-256 of the secret part, hex. The secret itself is never stored. */
  secretHash: string;
  created: string;
  expires?: string;
  revoked?: string;
  /** What the key is for, as its owner named it. */
  label?: string;
}

/** A trust group: a named community of organizations (see `identity/trust-groups.ts`). */
export interface TrustGroup {
  /** UUID; the group's marking definition is `marking-definition--<id>`. */
  id: string;
  name: string;
  description?: string;
  ownerOrganizationId: string;
  created: string;
  /** Member organization ids, sorted (the owner is one). */
  members: string[];
}

/**
 * One audit event (append-only: there is no method to change or delete one). Never holds a
 * secret: keys are named by their public id.
 */
export interface AuditEvent {
  /** RFC 3339 with milliseconds. */
  at: string;
  /** e.g. `object.read`, `object.created`, `auth.failed`, `key.revoked`. */
  action: string;
  actorKind: 'user' | 'peer' | 'operator' | 'anonymous';
  actorUserId?: string;
  actorOrganizationId?: string;
  actorKeyId?: string;
  /** Interface: `rest`, `taxii`, `cli`, … */
  via: string;
  objectId?: string;
  objectVersion?: string;
  /** Strictest TLP level of the object. */
  tlp?: string;
  /** Local organization owning the object (org-admins read the events about theirs). */
  objectOrganizationId?: string;
  /**
   * The stored version the event is about ({@link StoredVersion.seq}), when there is one: the
   * log indexes events by it (consecutive for a page of reads) rather than by the random
   * object id. Internal: not returned by `queryAudit`.
   */
  objectRef?: number;
  /** Why something was refused (e.g. an authentication failure's reason); internal. */
  reason?: string;
  detail?: Record<string, unknown>;
}

export interface StoredAuditEvent extends AuditEvent {
  /** Position in the log (strictly increasing). */
  seq: number;
}

/** Filters of an audit read (AND-ed), oldest first. */
export interface AuditQuery {
  actions?: readonly string[];
  objectId?: string;
  actorOrganizationId?: string;
  objectOrganizationId?: string;
  /** Events at or after this RFC 3339 time. */
  since?: string;
  limit: number;
  cursor?: string;
}

export interface AuditPage {
  items: StoredAuditEvent[];
  next?: string;
}

/** Raised for a malformed, altered or foreign paging cursor (a client mistake: 400). */
export class InvalidCursorError extends Error {
  readonly id = 'invalid-cursor';
  override readonly name = 'InvalidCursorError';
}

/**
 * The one persistence interface (DESIGN.md invariant 2). Every read takes a {@link Viewer} and
 * returns only what that viewer may see: there is no unfiltered read of STIX content.
 */
export interface Store {
  readonly capabilities: StoreCapabilities;

  /** Applies pending schema migrations; safe to run twice and concurrently. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /**
   * Stores a batch in one transaction (the bulk fast path). Identical (id, version) is
   * `unchanged`; a different body under the same (id, version) is `rejected` (conflict); a new
   * version of a revoked object, or one by another creator, is `rejected`.
   */
  putObjects(writes: readonly ObjectWrite[]): Promise<WriteOutcome[]>;

  /** Versions of one object visible to the viewer, oldest first; empty when none. */
  getObject(id: string, viewer: Viewer, versions?: VersionSelector): Promise<StoredVersion[]>;

  /**
   * A page of visible object versions in storage order (= date added order). `next` resumes
   * after the last item: paging never skips or repeats a version, even while others are added.
   * Throws {@link InvalidCursorError} for a cursor this store did not issue.
   */
  queryObjects(query: ObjectQuery, viewer: Viewer): Promise<ObjectPage>;

  /**
   * Deletes versions of one object that the given organization submitted and the viewer can
   * see (all of them, or those the selectors pick), keeping latest/first flags right. Returns
   * how many versions were deleted (TAXII 2.1 §5.7).
   */
  deleteVersions(
    id: string,
    submittedBy: string,
    versions: readonly VersionSelector[],
    viewer: Viewer,
  ): Promise<number>;

  /**
   * A mark that differs whenever stored object versions may have changed since it was taken
   * (written or deleted through this store, or, where the backend can tell, by any other
   * connection), so a cache of reads can tell it is still current. `undefined` when the backend
   * cannot tell (other processes may write unseen): such a store's reads must not be cached.
   */
  changeMark(): Promise<string | undefined>;

  /** Number of visible object versions matching the query (ignores limit and cursor). */
  countObjects(query: Omit<ObjectQuery, 'limit' | 'cursor'>, viewer: Viewer): Promise<number>;

  createOrganization(org: Organization): Promise<void>;
  getOrganization(id: string): Promise<Organization | undefined>;
  listOrganizations(): Promise<Organization[]>;
  /** Replaces name, country and sectors (id, identity and created never change). */
  updateOrganization(org: Organization): Promise<void>;
  /** The organization whose STIX identity this is, if it is registered here. */
  getOrganizationByIdentity(identityId: string): Promise<Organization | undefined>;
  createUser(user: User): Promise<void>;
  getUser(id: string): Promise<User | undefined>;
  /** Users, of one organization or all, by creation. */
  listUsers(filter?: { organizationId?: string }): Promise<User[]>;
  /** Replaces name, role and disabled. */
  updateUser(user: User): Promise<void>;
  createApiKey(key: ApiKeyRecord): Promise<void>;
  getApiKey(id: string): Promise<ApiKeyRecord | undefined>;
  /** The keys of one user, by creation. */
  listApiKeys(filter: { userId: string }): Promise<ApiKeyRecord[]>;
  revokeApiKey(id: string, at: string): Promise<void>;

  /** Creates a trust group with its members (the owner among them). */
  createTrustGroup(group: TrustGroup): Promise<void>;
  getTrustGroup(id: string): Promise<TrustGroup | undefined>;
  /** All trust groups, or those an organization belongs to, by name. */
  listTrustGroups(filter?: { memberOrganizationId?: string }): Promise<TrustGroup[]>;
  /** Adds a member; false when it already was one. */
  addGroupMember(groupId: string, organizationId: string, at: string): Promise<boolean>;
  /** Removes a member; false when it was not one. */
  removeGroupMember(groupId: string, organizationId: string): Promise<boolean>;
  /** Ids of the trust groups an organization belongs to (a viewer's `group:` tokens). */
  groupIdsOf(organizationId: string): Promise<string[]>;

  /** Appends events to the audit log, in order, in one transaction. */
  appendAudit(events: readonly AuditEvent[]): Promise<void>;
  /** A page of the audit log, oldest first. */
  queryAudit(query: AuditQuery): Promise<AuditPage>;

  /**
   * Small JSON documents of node configuration and bookkeeping, by kind and id: TAXII
   * collections, TAXII status resources, client pull cursors. Not STIX content (that only
   * goes through putObjects/queryObjects and the policy gate). `putRecord` replaces, expiry
   * included: `expires` (RFC 3339 UTC, as `Date.toISOString` writes it) is when
   * `deleteExpiredRecords` may remove it, and from when `getRecord` at a later time no longer
   * finds it; without it the record stays until deleted.
   */
  putRecord(
    kind: string,
    id: string,
    document: unknown,
    options?: { expires?: string | undefined },
  ): Promise<void>;
  /** Deletes every record whose `expires` is at or before `now` (RFC 3339 UTC); how many. */
  deleteExpiredRecords(now: string): Promise<number>;
  /**
   * The record, or undefined; `at` (RFC 3339 UTC, now): one that expired by then is as absent,
   * deleted or not yet.
   */
  getRecord(kind: string, id: string, options?: { at?: string | undefined }): Promise<unknown>;
  /** All records of a kind, ordered by id. */
  listRecords(kind: string): Promise<{ id: string; document: unknown }[]>;
  deleteRecord(kind: string, id: string): Promise<boolean>;

  /** Small node-level settings (e.g. which organization `init` created). */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
}
