import type Database from 'better-sqlite3';
import {
  auditSelect,
  auditValues,
  AUDIT_COLUMNS,
  toAuditPage,
  toTrustGroup,
  type AuditRow,
  type GroupRow,
} from '../sql/sharing-rows.js';
import type { AuditEvent, AuditPage, AuditQuery, TrustGroup } from '../store.js';
import { idKey } from './sqlite-id-key.js';
import { SQLITE_DIALECT } from './sqlite-queries.js';

/** Audit events per multi-row INSERT (a remainder goes one by one). */
const AUDIT_CHUNK = 50;

/** All the columns an event is inserted with: {@link AUDIT_COLUMNS}, then `object_key`. */
const INSERTED = [...AUDIT_COLUMNS, 'object_key'] as const;
/** The columns about the object: the rest (who, when, how) is usually the same for a batch. */
const OWN = new Set<string>([
  'object_id',
  'object_version',
  'tlp',
  'object_organization_id',
  'object_ref',
  'object_key',
]);
const SHARED_AT = INSERTED.flatMap((c, i) => (OWN.has(c) ? [] : [i]));
const OWN_AT = INSERTED.flatMap((c, i) => (OWN.has(c) ? [i] : []));

/**
 * The INSERT of `rows` events that share their actor, time, action, channel, reason and
 * detail: those are bound once, each event's object columns once per row (a page of reads
 * audits hundreds of objects for one reader, and binding a value costs more than storing it).
 * OR FAIL: a multi-row statement that may abort half-way keeps a statement journal (a copy of
 * every page it changes, to undo just itself); one that fails instead needs none, and the
 * enclosing transaction still rolls back on the error.
 */
function insertAudit(rows: number): string {
  const shared = SHARED_AT.map(() => '?');
  const own = OWN_AT.map((_, k) => `column${k + 1}`);
  const row = `(${OWN_AT.map(() => '?').join(', ')})`;
  return `INSERT OR FAIL INTO audit_events (${[...SHARED_AT, ...OWN_AT].map((i) => INSERTED[i]).join(', ')})
    SELECT ${[...shared, ...own].join(', ')}
    FROM (VALUES ${Array.from({ length: rows }, () => row).join(', ')})`;
}
const INSERT_AUDIT_CHUNK = insertAudit(AUDIT_CHUNK);
const INSERT_AUDIT_ONE = insertAudit(1);

/**
 * An event's values in {@link INSERTED} order. An event about a stored version is indexed by
 * object_ref; only the others get an object_key (sqlite-id-key.ts), a random key whose index
 * inserts cost far more.
 */
function insertedValues(event: AuditEvent): unknown[] {
  const key =
    event.objectRef === undefined && event.objectId !== undefined ? idKey(event.objectId) : null;
  return [...auditValues(event), key];
}

/** Whether two events' values agree on every shared column. */
function sameShared(a: readonly unknown[], b: readonly unknown[]): boolean {
  return SHARED_AT.every((i) => a[i] === b[i]);
}

/** The SQLite side of trust groups and the audit log (the `Store` methods delegate here). */
export class SqliteSharing {
  constructor(
    private readonly db: Database.Database,
    private readonly stmt: (sql: string) => Database.Statement,
    private readonly maxPageSize: number,
  ) {}

  createTrustGroup(group: TrustGroup): void {
    this.db.transaction(() => {
      this.stmt(
        'INSERT INTO trust_groups (id, name, description, owner_organization_id, created) VALUES (?, ?, ?, ?, ?)',
      ).run(
        group.id,
        group.name,
        group.description ?? null,
        group.ownerOrganizationId,
        group.created,
      );
      for (const member of new Set(group.members)) this.addMember(group.id, member, group.created);
    })();
  }

  getTrustGroup(id: string): TrustGroup | undefined {
    const row = this.stmt(
      'SELECT id, name, description, owner_organization_id, created FROM trust_groups WHERE id = ?',
    ).get(id) as GroupRow | undefined;
    return row && toTrustGroup(row, this.members(id));
  }

  listTrustGroups(memberOrganizationId?: string): TrustGroup[] {
    const rows = (
      memberOrganizationId === undefined
        ? this.stmt(
            'SELECT id, name, description, owner_organization_id, created FROM trust_groups ORDER BY name, id',
          ).all()
        : this.stmt(
            `SELECT g.id, g.name, g.description, g.owner_organization_id, g.created FROM trust_groups g
             JOIN trust_group_members m ON m.group_id = g.id WHERE m.organization_id = ? ORDER BY g.name, g.id`,
          ).all(memberOrganizationId)
    ) as GroupRow[];
    return rows.map((row) => toTrustGroup(row, this.members(row.id)));
  }

  private members(groupId: string): string[] {
    return (
      this.stmt('SELECT organization_id FROM trust_group_members WHERE group_id = ?').all(
        groupId,
      ) as { organization_id: string }[]
    ).map((r) => r.organization_id);
  }

  addMember(groupId: string, organizationId: string, at: string): boolean {
    return (
      this.stmt(
        'INSERT INTO trust_group_members (group_id, organization_id, added) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      ).run(groupId, organizationId, at).changes > 0
    );
  }

  removeMember(groupId: string, organizationId: string): boolean {
    return (
      this.stmt('DELETE FROM trust_group_members WHERE group_id = ? AND organization_id = ?').run(
        groupId,
        organizationId,
      ).changes > 0
    );
  }

  groupIdsOf(organizationId: string): string[] {
    return (
      this.stmt(
        'SELECT group_id FROM trust_group_members WHERE organization_id = ? ORDER BY group_id',
      ).all(organizationId) as { group_id: string }[]
    ).map((r) => r.group_id);
  }

  appendAudit(events: readonly AuditEvent[]): void {
    if (events.length === 0) return;
    const rows = events.map(insertedValues);
    this.db.transaction(() => {
      for (let start = 0; start < rows.length;) {
        // The run of events from `start` that share their actor, time and action, at most a chunk.
        let end = start + 1;
        while (
          end < rows.length &&
          end - start < AUDIT_CHUNK &&
          sameShared(rows[start]!, rows[end]!)
        )
          end++;
        if (end - start === AUDIT_CHUNK) this.insertRun(INSERT_AUDIT_CHUNK, rows, start, end);
        else
          for (let row = start; row < end; row++)
            this.insertRun(INSERT_AUDIT_ONE, rows, row, row + 1);
        start = end;
      }
    })();
  }

  /** Inserts events `[start, end)` of `rows`, which share their shared columns. */
  private insertRun(sql: string, rows: readonly unknown[][], start: number, end: number): void {
    const values = SHARED_AT.map((i) => rows[start]![i]);
    for (let row = start; row < end; row++) for (const i of OWN_AT) values.push(rows[row]![i]);
    this.stmt(sql).run(values);
  }

  queryAudit(query: AuditQuery): AuditPage {
    const select = auditSelect(query, SQLITE_DIALECT, this.maxPageSize);
    return toAuditPage(this.stmt(select.sql).all(...select.params) as AuditRow[], select.limit);
  }
}
