import { strictestTlp, tlpMarkingIds, type TlpLevel } from '../policy/tlp.js';
import { auditScopeOf } from '../policy/permissions.js';
import type { StixObject } from '../stix/types.js';
import type { AuditEvent, AuditPage, AuditQuery, Store, StoredVersion } from '../store/store.js';
import { factsOf, type VersionFacts } from '../store/version-facts.js';
import type { Caller } from './caller.js';

/**
 * The append-only audit log (issue 4, Audit): who created, versioned, marked, exported or read
 * AMBER, AMBER+STRICT and RED objects, every authentication failure, and identity and trust
 * group administration. Events never hold secrets: a key is named by its public id only.
 */

/** Levels whose writes, exports and reads are recorded. */
const AUDITED: ReadonlySet<TlpLevel> = new Set<TlpLevel>(['amber', 'amber+strict', 'red']);

/** Whether a strictest TLP level (`VersionFacts.tlp`) is one the log records. */
function isAudited(level: string | undefined): level is TlpLevel {
  return level !== undefined && AUDITED.has(level as TlpLevel);
}

/** The TLP level an object is audited under, or undefined when it is not AMBER or RED. */
export function auditedLevel(object: StixObject): TlpLevel | undefined {
  const level = strictestTlp(object.object_marking_refs ?? []);
  return isAudited(level) ? level : undefined;
}

/** The marking-definition ids (TLP 2.0 and 1.0) of the audited levels. */
const AUDITED_MARKING_IDS: ReadonlySet<string> = new Set(tlpMarkingIds(AUDITED));
const MARKING_PREFIX = 'marking-definition--';
const MARKING_ID_LENGTH = MARKING_PREFIX.length + 36;

/**
 * Whether a stored version may be audited, decided on its stored text without parsing it:
 * false only when no audited marking id occurs anywhere in the text, and then
 * {@link auditedLevel} is undefined (the text is JSON.stringify output, which writes marking
 * ids verbatim). A version that passes is parsed and decided by {@link auditedLevel}.
 */
export function mayBeAudited(version: Pick<StoredVersion, 'json'>): boolean {
  const { json } = version;
  for (let at = json.indexOf(MARKING_PREFIX); at !== -1; at = json.indexOf(MARKING_PREFIX, at + 1))
    if (AUDITED_MARKING_IDS.has(json.slice(at, at + MARKING_ID_LENGTH))) return true;
  return false;
}

function actorFields(
  caller: Caller,
): Pick<AuditEvent, 'actorKind' | 'actorUserId' | 'actorOrganizationId' | 'actorKeyId' | 'via'> {
  return {
    actorKind: caller.kind,
    actorUserId: caller.userId,
    actorOrganizationId: caller.organizationId,
    ...(caller.keyId !== undefined ? { actorKeyId: caller.keyId } : {}),
    via: caller.via,
  };
}

/** What the log needs to know about an object an event is about. */
export interface AuditedObject {
  object: StixObject;
  /** Local organization that owns it (for org-admins' view of their own objects), if any. */
  organizationId?: string | undefined;
  /** The stored version ({@link StoredVersion.seq}) the event is about, if known. */
  ref?: number | undefined;
}

/** Builds the event of an action on one object. */
export function objectEvent(
  caller: Caller,
  action: string,
  at: Date,
  item: AuditedObject,
  detail?: Record<string, unknown>,
): AuditEvent {
  return eventAbout(caller, action, at.toISOString(), item.object.id, factsOf(item.object), {
    organizationId: item.organizationId,
    ref: item.ref,
    detail,
  });
}

/** The event of an action on the object `id`, whose {@link VersionFacts} are known. */
function eventAbout(
  caller: Caller,
  action: string,
  at: string,
  id: string,
  facts: VersionFacts,
  more: {
    organizationId?: string | undefined;
    ref?: number | undefined;
    detail?: Record<string, unknown> | undefined;
  },
): AuditEvent {
  const version = facts.modified ?? facts.created;
  return {
    at,
    action,
    ...actorFields(caller),
    objectId: id,
    ...(version !== undefined ? { objectVersion: version } : {}),
    ...(facts.tlp !== undefined ? { tlp: facts.tlp } : {}),
    ...(more.organizationId !== undefined ? { objectOrganizationId: more.organizationId } : {}),
    ...(more.ref !== undefined ? { objectRef: more.ref } : {}),
    ...(more.detail !== undefined ? { detail: more.detail } : {}),
  };
}

/**
 * The facts of a stored version when it is audited, else undefined: from its columns when
 * the store has them (nothing parsed), else from its body, parsed only when its text holds an
 * audited marking id ({@link mayBeAudited}).
 */
function auditedFacts(version: StoredVersion): VersionFacts | undefined {
  const facts = version.facts ?? (mayBeAudited(version) ? factsOf(version.object) : undefined);
  return isAudited(facts?.tlp) ? facts : undefined;
}

/**
 * Records that a caller read (or exported) these objects: one event per AMBER or RED object,
 * none for the rest. The owning organization is the local one whose identity created it.
 * Every read path calls this with what it presents (REST, TAXII, exports).
 */
export async function recordObjectAccess(
  store: Store,
  caller: Caller,
  action: 'object.read' | 'object.exported',
  at: Date,
  versions: readonly StoredVersion[],
): Promise<void> {
  const owners = new Map<string, string | undefined>();
  const events: AuditEvent[] = [];
  const when = at.toISOString();
  for (const version of versions) {
    const facts = auditedFacts(version);
    if (facts === undefined) continue;
    const creator = facts.createdByRef;
    if (creator !== undefined && !owners.has(creator))
      owners.set(creator, (await store.getOrganizationByIdentity(creator))?.id);
    const organizationId = creator !== undefined ? owners.get(creator) : undefined;
    events.push(
      eventAbout(caller, action, when, version.id, facts, { organizationId, ref: version.seq }),
    );
  }
  if (events.length > 0) await store.appendAudit(events);
}

/** Records an identity or trust-group administration action. */
export async function recordAdministration(
  store: Store,
  caller: Caller,
  action: string,
  at: Date,
  detail: Record<string, unknown>,
): Promise<void> {
  await store.appendAudit([{ at: at.toISOString(), action, ...actorFields(caller), detail }]);
}

/** Why a presented credential was refused (kept in the log, never told to the caller). */
export interface AuthFailure {
  reason: string;
  /** The key id part of a well-formed key (public); never the secret. */
  keyId?: string | undefined;
  via: string;
  remoteAddress?: string | undefined;
  /** Default `auth.failed`; `auth.throttled` for the failure that throttles its source. */
  action?: 'auth.failed' | 'auth.throttled';
}

/** Records one authentication failure. */
export async function recordAuthFailure(
  store: Store,
  at: Date,
  failure: AuthFailure,
): Promise<void> {
  await store.appendAudit([
    {
      at: at.toISOString(),
      action: failure.action ?? 'auth.failed',
      actorKind: 'anonymous',
      ...(failure.keyId !== undefined ? { actorKeyId: failure.keyId } : {}),
      via: failure.via,
      reason: failure.reason,
      ...(failure.remoteAddress !== undefined
        ? { detail: { remoteAddress: failure.remoteAddress } }
        : {}),
    },
  ]);
}

/** Raised when a caller may not read the audit log at all. */
export class AuditAccessError extends Error {
  readonly id = 'forbidden';
}

/**
 * A page of the audit log as this caller may see it: node admins everything, org-admins the
 * events about their own organization's objects, everyone else nothing (AuditAccessError).
 */
export function queryAuditLog(store: Store, caller: Caller, query: AuditQuery): Promise<AuditPage> {
  const scope = auditScopeOf(caller);
  if (scope.kind === 'none')
    throw new AuditAccessError('Only node admins and org-admins may read the audit log.');
  if (scope.kind === 'all') return store.queryAudit(query);
  return store.queryAudit({ ...query, objectOrganizationId: scope.organizationId });
}
