import { decodeCursor, encodeCursor } from '../cursor.js';
import type { AuditEvent, AuditPage, AuditQuery, StoredAuditEvent, TrustGroup } from '../store.js';
import type { BuiltSql, SqlDialect } from './object-query-sql.js';

/**
 * Rows and SQL shared by both backends for the sharing tables: trust groups and their members,
 * and the append-only audit log (see the migrations: no UPDATE or DELETE reaches `audit_events`,
 * and triggers refuse them).
 */

export interface GroupRow {
  id: string;
  name: string;
  description: string | null;
  owner_organization_id: string;
  created: string;
}

/** A trust group from its row and its member organization ids. */
export function toTrustGroup(row: GroupRow, members: readonly string[]): TrustGroup {
  return {
    id: row.id,
    name: row.name,
    ...(row.description !== null ? { description: row.description } : {}),
    ownerOrganizationId: row.owner_organization_id,
    created: row.created,
    members: [...members].sort(),
  };
}

/** Columns of `audit_events` in insert order. */
export const AUDIT_COLUMNS = [
  'at',
  'action',
  'actor_kind',
  'actor_user_id',
  'actor_organization_id',
  'actor_key_id',
  'via',
  'object_id',
  'object_version',
  'tlp',
  'object_organization_id',
  'reason',
  'detail',
  'object_ref',
] as const;

/** The values of one event, in {@link AUDIT_COLUMNS} order. */
export function auditValues(event: AuditEvent): unknown[] {
  return [
    event.at,
    event.action,
    event.actorKind,
    event.actorUserId ?? null,
    event.actorOrganizationId ?? null,
    event.actorKeyId ?? null,
    event.via,
    event.objectId ?? null,
    event.objectVersion ?? null,
    event.tlp ?? null,
    event.objectOrganizationId ?? null,
    event.reason ?? null,
    event.detail !== undefined ? JSON.stringify(event.detail) : null,
    event.objectRef ?? null,
  ];
}

export interface AuditRow {
  seq: number | string;
  at: string;
  action: string;
  actor_kind: string;
  actor_user_id: string | null;
  actor_organization_id: string | null;
  actor_key_id: string | null;
  via: string;
  object_id: string | null;
  object_version: string | null;
  tlp: string | null;
  object_organization_id: string | null;
  reason: string | null;
  detail: string | null;
}

function toAuditEvent(row: AuditRow): StoredAuditEvent {
  const optional = <K extends string>(key: K, value: string | null) =>
    value !== null ? ({ [key]: value } as Record<K, string>) : {};
  return {
    seq: Number(row.seq),
    at: row.at,
    action: row.action,
    actorKind: row.actor_kind as AuditEvent['actorKind'],
    ...optional('actorUserId', row.actor_user_id),
    ...optional('actorOrganizationId', row.actor_organization_id),
    ...optional('actorKeyId', row.actor_key_id),
    via: row.via,
    ...optional('objectId', row.object_id),
    ...optional('objectVersion', row.object_version),
    ...optional('tlp', row.tlp),
    ...optional('objectOrganizationId', row.object_organization_id),
    ...optional('reason', row.reason),
    ...(row.detail !== null ? { detail: JSON.parse(row.detail) as Record<string, unknown> } : {}),
  };
}

/** The SELECT of one audit page: oldest first, `limit + 1` rows (the extra one says "more"). */
export function auditSelect(
  query: AuditQuery,
  dialect: SqlDialect,
  maxPageSize: number,
): BuiltSql & { limit: number } {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return dialect.placeholder(params.length);
  };
  const clauses: string[] = [];
  if (query.cursor !== undefined) clauses.push(`seq > ${p(decodeCursor(query.cursor))}`);
  if (query.actions?.length)
    clauses.push(dialect.inList('action', p(dialect.listValue(query.actions))));
  if (query.objectId !== undefined) {
    // Events about a stored version name it by `object_ref` (its seq, live or deleted); the
    // others (written before that column, or about no stored version) by the object id.
    const id = query.objectId;
    const idIs = (column: string) =>
      dialect.idMatch ? dialect.idMatch(column, [id], p) : `${column} = ${p(id)}`;
    clauses.push(
      `(object_ref IN (SELECT v.seq FROM versions v WHERE ${idIs('v.id')})` +
        ` OR object_ref IN (SELECT d.seq FROM deleted_versions d WHERE ${idIs('d.id')})` +
        ` OR (object_ref IS NULL AND ${idIs('object_id')}))`,
    );
  }
  if (query.actorOrganizationId !== undefined)
    clauses.push(`actor_organization_id = ${p(query.actorOrganizationId)}`);
  if (query.objectOrganizationId !== undefined)
    clauses.push(`object_organization_id = ${p(query.objectOrganizationId)}`);
  // `at` is ISO 8601 with milliseconds, so text order is time order once `since` is too.
  if (query.since !== undefined) clauses.push(`at >= ${p(new Date(query.since).toISOString())}`);
  const limit = Math.max(1, Math.min(Math.floor(query.limit) || maxPageSize, maxPageSize));
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  return {
    sql: `SELECT seq, ${AUDIT_COLUMNS.join(', ')} FROM audit_events ${where} ORDER BY seq LIMIT ${p(limit + 1)}`,
    params,
    limit,
  };
}

/** A page of events from `limit + 1` rows. */
export function toAuditPage(rows: readonly AuditRow[], limit: number): AuditPage {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toAuditEvent),
    ...(rows.length > limit && last ? { next: encodeCursor(Number(last.seq)) } : {}),
  };
}
