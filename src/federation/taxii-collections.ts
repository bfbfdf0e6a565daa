import { randomUUID } from 'node:crypto';
import { isRole, writeModeOf, type Role } from '../policy/roles.js';
import type { Store } from '../store/store.js';

/**
 * Who a collection lets read or write: `*` (every authenticated member), `role:<role>` (e.g.
 * `role:analyst`) or `org:<organization id>`. A caller is granted when any entry matches.
 */
export type Grant = string;

/** The saved filter of a collection: what it exposes and what it accepts (AND-ed). */
export interface CollectionFilter {
  /** STIX types; absent means every type. */
  types?: string[];
  /** Marking-definition ids; an object must carry at least one in `object_marking_refs`. */
  markings?: string[];
  /** Identity ids; an object's `created_by_ref` must be one of them. */
  createdBy?: string[];
}

/** A TAXII collection as this node configures it (a record of kind `taxii-collection`). */
export interface TaxiiCollection {
  /** UUID: the TAXII collection id. */
  id: string;
  title: string;
  /** Unique on this node; usable instead of the id in URLs. */
  alias?: string;
  description?: string;
  canRead: Grant[];
  canWrite: Grant[];
  filter: CollectionFilter;
}

/** The caller as collection access needs it. */
export interface CollectionCaller {
  organizationId: string;
  role: Role;
}

/** Raised for a collection definition that cannot be used (stable id, no HTTP status). */
export class CollectionError extends Error {
  constructor(
    readonly id: 'invalid-collection' | 'alias-taken' | 'unknown-collection',
    message: string,
  ) {
    super(message);
    this.name = 'CollectionError';
  }
}

const KIND = 'taxii-collection';

/**
 * Id of the collection served while none is configured. Fixed, so peers can name it across
 * restarts and nodes; the alias `default` works too.
 */
export const DEFAULT_COLLECTION_ID = '3f1d2c4b-5a69-4e7d-8c0b-7a1e9d2f6b35';

/** Everything the caller may see, readable and writable by every member. */
export const DEFAULT_COLLECTION: TaxiiCollection = {
  id: DEFAULT_COLLECTION_ID,
  title: 'Default',
  alias: 'default',
  description: 'Every object you may see on this node.',
  canRead: ['*'],
  canWrite: ['*'],
  filter: {},
};

/** The configured collections by id, or the default one when none is configured. */
export async function listCollections(store: Store): Promise<TaxiiCollection[]> {
  const records = await store.listRecords(KIND);
  if (records.length === 0) return [DEFAULT_COLLECTION];
  return records.map((r) => r.document as TaxiiCollection);
}

/** A collection by id or alias. */
export async function findCollection(
  store: Store,
  idOrAlias: string,
): Promise<TaxiiCollection | undefined> {
  return (await listCollections(store)).find((c) => c.id === idOrAlias || c.alias === idOrAlias);
}

/**
 * Adds a collection, or replaces the one with the same id. The input is checked as untrusted
 * JSON (REST and CLI share this); throws {@link CollectionError}.
 */
export async function saveCollection(store: Store, input: unknown): Promise<TaxiiCollection> {
  const collection = checkCollection(input);
  const configured = await store.listRecords(KIND);
  const clash = configured.find(
    (r) =>
      r.id !== collection.id &&
      collection.alias !== undefined &&
      (r.document as TaxiiCollection).alias === collection.alias,
  );
  if (clash)
    throw new CollectionError(
      'alias-taken',
      `Another collection already has the alias "${collection.alias}".`,
    );
  await store.putRecord(KIND, collection.id, collection);
  return collection;
}

/** Removes a configured collection by id or alias; false when there is none. */
export async function removeCollection(store: Store, idOrAlias: string): Promise<boolean> {
  const configured = await store.listRecords(KIND);
  const found = configured.find(
    (r) => r.id === idOrAlias || (r.document as TaxiiCollection).alias === idOrAlias,
  );
  return found ? store.deleteRecord(KIND, found.id) : false;
}

/**
 * What a caller may do with a collection. Writing also needs a role that writes STIX content
 * (`read-only` never does, whatever the collection says).
 */
export function accessTo(
  collection: TaxiiCollection,
  caller: CollectionCaller,
): { read: boolean; write: boolean } {
  const granted = (grants: readonly Grant[]) =>
    grants.some(
      (g) => g === '*' || g === `role:${caller.role}` || g === `org:${caller.organizationId}`,
    );
  return {
    read: granted(collection.canRead),
    write: granted(collection.canWrite) && writeModeOf(caller.role) !== 'none',
  };
}

/** TAXII 2.1 §2 `identifier`: an RFC 4122 version 4 UUID (lower case here). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ALIAS = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const TYPE = /^[a-z0-9][a-z0-9-]{1,249}$/;
const IDENTIFIER =
  /^[a-z][a-z0-9-]{1,249}--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks an untrusted collection definition; a missing id gets a fresh UUID. */
export function checkCollection(input: unknown): TaxiiCollection {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw invalid('A collection is a JSON object.');
  const raw = input as Record<string, unknown>;
  const known = ['id', 'title', 'alias', 'description', 'canRead', 'canWrite', 'filter'];
  const unknown = Object.keys(raw).find((k) => !known.includes(k));
  if (unknown !== undefined) throw invalid(`Unknown property "${unknown.slice(0, 60)}".`);
  const id = raw.id ?? randomUUID();
  if (typeof id !== 'string' || !UUID.test(id))
    throw invalid('"id" must be a lower-case version 4 UUID (TAXII 2.1 identifier).');
  const title = text(raw.title, 'title', 200);
  if (title === undefined || title.trim() === '') throw invalid('"title" is required.');
  const alias = text(raw.alias, 'alias', 64);
  if (alias !== undefined && !ALIAS.test(alias))
    throw invalid('"alias" is 1-64 of a-z, 0-9, "-" and "_", starting with a letter or digit.');
  const description = text(raw.description, 'description', 2000);
  return {
    id,
    title,
    ...(alias !== undefined ? { alias } : {}),
    ...(description !== undefined ? { description } : {}),
    canRead: grants(raw.canRead ?? ['*'], 'canRead'),
    canWrite: grants(raw.canWrite ?? [], 'canWrite'),
    filter: filterOf(raw.filter ?? {}),
  };
}

function filterOf(value: unknown): CollectionFilter {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('"filter" is an object with "types", "markings" and/or "createdBy".');
  const raw = value as Record<string, unknown>;
  const unknown = Object.keys(raw).find((k) => !['types', 'markings', 'createdBy'].includes(k));
  if (unknown !== undefined) throw invalid(`Unknown filter property "${unknown.slice(0, 60)}".`);
  const filter: CollectionFilter = {};
  const types = list(raw.types, 'filter.types', TYPE, 'a STIX type');
  if (types) filter.types = types;
  const markings = list(raw.markings, 'filter.markings', IDENTIFIER, 'a marking-definition id');
  if (markings?.some((m) => !m.startsWith('marking-definition--')))
    throw invalid('"filter.markings" takes marking-definition ids.');
  if (markings) filter.markings = markings;
  const createdBy = list(raw.createdBy, 'filter.createdBy', IDENTIFIER, 'an identity id');
  if (createdBy?.some((m) => !m.startsWith('identity--')))
    throw invalid('"filter.createdBy" takes identity ids.');
  if (createdBy) filter.createdBy = createdBy;
  return filter;
}

function grants(value: unknown, name: string): Grant[] {
  const values = list(
    value,
    name,
    /^(\*|role:[a-z-]+|org:[0-9a-f-]{36})$/,
    '"*", role:<role> or org:<organization id>',
  );
  for (const g of values ?? [])
    if (g.startsWith('role:') && !isRole(g.slice(5)))
      throw invalid(`"${name}" names an unknown role "${g.slice(5)}".`);
  return values ?? [];
}

function list(value: unknown, name: string, shape: RegExp, what: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > 1000) throw invalid(`"${name}" is a list.`);
  for (const v of value)
    if (typeof v !== 'string' || !shape.test(v))
      throw invalid(`"${name}" holds ${what} each, not ${JSON.stringify(v).slice(0, 80)}.`);
  return [...new Set(value as string[])];
}

function text(value: unknown, name: string, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > max)
    throw invalid(`"${name}" is a string of at most ${max} characters.`);
  return value;
}

function invalid(message: string): CollectionError {
  return new CollectionError('invalid-collection', message);
}
