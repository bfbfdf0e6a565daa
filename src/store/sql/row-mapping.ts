import type { StixObject } from '../../stix/types.js';
import { formatMicros } from '../added-clock.js';
import { encodeCursor } from '../cursor.js';
import type { GranularAudience } from '../../policy/audience.js';
import type { ApiKeyRecord, ObjectPage, Organization, StoredVersion, User } from '../store.js';
import type { VersionFacts } from '../version-facts.js';

/**
 * A `versions` row as both backends read it: the {@link VERSION_COLUMNS} in order, as an array
 * (SQLite `raw()`, PostgreSQL `rowMode: 'array'`), which the drivers build far faster than an
 * object of twelve properties. PostgreSQL bigints arrive as strings. `tlp` is null for versions
 * written before migration 6 (see `tlpColumn`, store/version-facts.ts).
 */
export type VersionRow = readonly [
  seq: number | string,
  id: string,
  version: string,
  addedUs: number | string,
  type: string,
  specVersion: string,
  body: string,
  /** JSON of the granular audiences, or null. */
  granular: string | null,
  created: string | null,
  createdByRef: string | null,
  modified: string | null,
  tlp: string | null,
];

/**
 * A row as a `StoredVersion`. The version shown is the object's own `modified` (else
 * `created`), or for SCOs, which have neither, the date added (as TAXII 2.1 §3.6 does). The
 * body is parsed on first use of `object` and kept; most pages never parse it. The version and
 * the {@link VersionFacts} come from their columns, for versions written since migration 6.
 */
class StoredRow implements StoredVersion {
  readonly seq: number;
  readonly id: string;
  readonly type: string;
  readonly added: string;
  readonly specVersion: string;
  readonly json: string;
  readonly granular?: readonly GranularAudience[];
  #object: StixObject | undefined;
  readonly #row: VersionRow;

  constructor(row: VersionRow) {
    this.seq = Number(row[0]);
    this.id = row[1];
    this.type = row[4];
    this.added = formatMicros(Number(row[3]));
    this.specVersion = row[5];
    this.json = row[6];
    this.#row = row;
    if (row[7] !== null) this.granular = JSON.parse(row[7]) as GranularAudience[];
  }

  get object(): StixObject {
    return (this.#object ??= JSON.parse(this.json) as StixObject);
  }

  get version(): string {
    const { modified, created } = this.facts ?? this.object;
    return modified ?? created ?? this.added;
  }

  get facts(): VersionFacts | undefined {
    const [, , , , , , , , created, createdByRef, modified, tlp] = this.#row;
    if (tlp === null) return undefined;
    return {
      tlp: tlp || undefined,
      modified: modified ?? undefined,
      created: created ?? undefined,
      createdByRef: createdByRef ?? undefined,
    };
  }
}

/** Maps a row to a `StoredVersion` (see {@link StoredRow}). */
export function toStoredVersion(row: VersionRow): StoredVersion {
  return new StoredRow(row);
}

/** A page from `limit + 1` rows read in seq order: the extra row only says that more follow. */
export function toObjectPage(rows: readonly VersionRow[], limit: number): ObjectPage {
  const page = rows.length > limit ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map(toStoredVersion),
    ...(rows.length > limit && last ? { next: encodeCursor(Number(last[0])) } : {}),
  };
}

/** The row a batch reads for each object it touches: its latest and first versions. */
export interface SummaryRow {
  id: string;
  version: string;
  created: string | null;
  created_by_ref: string | null;
  revoked: number;
  is_latest: number;
  is_first: number;
}

/* Identity rows: the same column names in both backends. */
export interface OrgRow {
  id: string;
  name: string;
  identity_id: string;
  created: string;
  country: string | null;
  /** JSON list. */
  sectors: string | null;
}
export interface UserRow {
  id: string;
  organization_id: string;
  name: string;
  role: User['role'];
  created: string;
  disabled: string | null;
}
export interface KeyRow {
  id: string;
  user_id: string;
  secret_hash: string;
  created: string;
  expires: string | null;
  revoked: string | null;
  label: string | null;
}

export function toOrganization(row: OrgRow): Organization {
  return {
    id: row.id,
    name: row.name,
    identityId: row.identity_id,
    created: row.created,
    ...(row.country !== null ? { country: row.country } : {}),
    ...(row.sectors !== null ? { sectors: JSON.parse(row.sectors) as string[] } : {}),
  };
}
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    role: row.role,
    created: row.created,
    ...(row.disabled !== null ? { disabled: row.disabled } : {}),
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
    ...(row.label !== null ? { label: row.label } : {}),
  };
}
