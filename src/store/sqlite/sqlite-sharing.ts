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

/**
 * The INSERT of `rows` audit events. OR FAIL: a multi-row statement that may abort half-way
 * keeps a statement journal (a copy of every page it changes, to undo just itself); one that
 * fails instead needs none, and the enclosing transaction still rolls back on the error.
 */
function insertAudit(rows: number): string {
  const row = `(${[...AUDIT_COLUMNS, 'object_key'].map(() => '?').join(', ')})`;
  return `INSERT OR FAIL INTO audit_events (${AUDIT_COLUMNS.join(', ')}, object_key)
    VALUES ${Array.from({ length: rows }, () => row).join(', ')}`;
}
const INSERT_AUDIT_CHUNK = insertAudit(AUDIT_CHUNK);
const INSERT_AUDIT_ONE = insertAudit(1);

/**
 * The values of `count` events from `from`. An event about a stored version is indexed by
 * object_ref; only the others get an object_key (sqlite-id-key.ts), a random key whose index
 * inserts cost far more.
 */
function auditRows(events: readonly AuditEvent[], from: number, count: number): unknown[] {
  const values: unknown[] = [];
  for (let i = from; i < from + count; i++) {
    const event = events[i]!;
    values.push(
      ...auditValues(event),
      event.objectRef === undefined && event.objectId !== undefined ? idKey(event.objectId) : null,
    );
  }
  return values;
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
    this.db.transaction(() => {
      let row = 0;
      for (; row + AUDIT_CHUNK <= events.length; row += AUDIT_CHUNK)
        this.stmt(INSERT_AUDIT_CHUNK).run(auditRows(events, row, AUDIT_CHUNK));
      for (; row < events.length; row++) this.stmt(INSERT_AUDIT_ONE).run(auditRows(events, row, 1));
    })();
  }

  queryAudit(query: AuditQuery): AuditPage {
    const select = auditSelect(query, SQLITE_DIALECT, this.maxPageSize);
    return toAuditPage(this.stmt(select.sql).all(...select.params) as AuditRow[], select.limit);
  }
}
