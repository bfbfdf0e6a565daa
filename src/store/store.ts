import type { StixObject } from '../stix/types.js';
import type { Viewer } from '../policy/viewer.js';

/**
 * What the store needs to persist one STIX object version. Built by the ingest pipeline
 * (`intel/`), never by a route handler.
 */
export interface ObjectWrite {
  /** The object as received; stored and returned with its key order intact. */
  object: StixObject;
  /** Version key: `modified`, else `created`, else `undefined` (SCOs: one version only). */
  version: string | undefined;
  /**
   * Audience tokens computed by `policy/` (`public`, `community`, `org:<id>`, `group:<id>`,
   * `person:<id>`): a viewer sees this version iff it holds one of them.
   */
  audience: readonly string[];
  /** Local organization that submitted it (for audit, defaults and "created by us" filters). */
  submittedBy: string;
}

/** Outcome of one write, in batch order. */
export type WriteOutcome =
  | { status: 'stored'; added: string }
  | { status: 'unchanged' }
  | { status: 'rejected'; rule: string; message: string };

/** A stored object version as the store returns it (already filtered by the policy gate). */
export interface StoredVersion {
  id: string;
  type: string;
  /** Version key (see {@link ObjectWrite.version}); for SCOs the date added. */
  version: string;
  /** When this node stored this version (TAXII `date_added`), RFC 3339 with ms precision. */
  added: string;
  specVersion: string;
  object: StixObject;
}

/** Which versions of each object a query returns (TAXII 2.1 §3.4.1 `match[version]`). */
export type VersionSelector =
  { kind: 'last' } | { kind: 'first' } | { kind: 'all' } | { kind: 'at'; versions: string[] };

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
  /** Page size; the store caps it at {@link StoreCapabilities.maxPageSize}. */
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
  /** Largest page a query returns. */
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
}

export type Role = 'admin' | 'org-admin' | 'analyst' | 'read-only' | 'sync';

export interface User {
  id: string;
  organizationId: string;
  name: string;
  role: Role;
  created: string;
}

export interface ApiKeyRecord {
  id: string;
  userId: string;
  /** SHA-256 of the secret part, hex. The secret itself is never stored. */
  secretHash: string;
  created: string;
  expires?: string;
  revoked?: string;
}

/** Raised for a malformed or foreign cursor. */
export class InvalidCursorError extends Error {
  readonly id = 'invalid-cursor';
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

  /** A page of visible object versions ordered by date added (stable under concurrent adds). */
  queryObjects(query: ObjectQuery, viewer: Viewer): Promise<ObjectPage>;

  /** Number of visible object versions matching the query (ignores limit and cursor). */
  countObjects(query: Omit<ObjectQuery, 'limit' | 'cursor'>, viewer: Viewer): Promise<number>;

  createOrganization(org: Organization): Promise<void>;
  getOrganization(id: string): Promise<Organization | undefined>;
  listOrganizations(): Promise<Organization[]>;
  createUser(user: User): Promise<void>;
  getUser(id: string): Promise<User | undefined>;
  createApiKey(key: ApiKeyRecord): Promise<void>;
  getApiKey(id: string): Promise<ApiKeyRecord | undefined>;
  revokeApiKey(id: string, at: string): Promise<void>;

  /**
   * Small JSON documents of node configuration and bookkeeping, by kind and id: TAXII
   * collections, TAXII status resources, client pull cursors. Not STIX content (that only
   * goes through putObjects/queryObjects and the policy gate). `putRecord` replaces.
   */
  putRecord(kind: string, id: string, document: unknown): Promise<void>;
  getRecord(kind: string, id: string): Promise<unknown>;
  /** All records of a kind, ordered by id. */
  listRecords(kind: string): Promise<{ id: string; document: unknown }[]>;
  deleteRecord(kind: string, id: string): Promise<boolean>;

  /** Small node-level settings (e.g. which organization `init` created). */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
}
