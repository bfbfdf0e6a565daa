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
    // An event about a stored version is indexed by object_ref; only the others get an
    // object_key (sqlite-id-key.ts), a random key whose index inserts cost far more.
    const insert = this.stmt(
      `INSERT INTO audit_events (${AUDIT_COLUMNS.join(', ')}, object_key)
       VALUES (${AUDIT_COLUMNS.map(() => '?').join(', ')}, ?)`,
    );
    this.db.transaction(() => {
      for (const event of events) {
        const key =
          event.objectRef === undefined && event.objectId !== undefined
            ? idKey(event.objectId)
            : null;
        insert.run(...auditValues(event), key);
      }
    })();
  }

  queryAudit(query: AuditQuery): AuditPage {
    const select = auditSelect(query, SQLITE_DIALECT, this.maxPageSize);
    return toAuditPage(this.stmt(select.sql).all(...select.params) as AuditRow[], select.limit);
  }
}
