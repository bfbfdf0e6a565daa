import type pg from 'pg';
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
import { POSTGRES_DIALECT } from './postgres-queries.js';

const GROUP_COLUMNS = 'g.id, g.name, g.description, g.owner_organization_id, g.created';
/** Members aggregated with each group, so a listing is one query. */
const MEMBERS = `COALESCE((SELECT array_agg(m.organization_id) FROM trust_group_members m WHERE m.group_id = g.id), '{}') AS members`;

/** The PostgreSQL side of trust groups and the audit log (the `Store` methods delegate here). */
export class PostgresSharing {
  constructor(
    private readonly pool: pg.Pool,
    private readonly maxPageSize: number,
  ) {}

  async createTrustGroup(group: TrustGroup): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        'INSERT INTO trust_groups (id, name, description, owner_organization_id, created) VALUES ($1, $2, $3, $4, $5)',
        [group.id, group.name, group.description ?? null, group.ownerOrganizationId, group.created],
      );
      await client.query(
        'INSERT INTO trust_group_members (group_id, organization_id, added) SELECT $1, unnest($2::text[]), $3 ON CONFLICT DO NOTHING',
        [group.id, [...new Set(group.members)], group.created],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async getTrustGroup(id: string): Promise<TrustGroup | undefined> {
    const { rows } = await this.pool.query<GroupRow & { members: string[] }>(
      `SELECT ${GROUP_COLUMNS}, ${MEMBERS} FROM trust_groups g WHERE g.id = $1`,
      [id],
    );
    return rows[0] && toTrustGroup(rows[0], rows[0].members);
  }

  async listTrustGroups(memberOrganizationId?: string): Promise<TrustGroup[]> {
    const { rows } =
      memberOrganizationId === undefined
        ? await this.pool.query<GroupRow & { members: string[] }>(
            `SELECT ${GROUP_COLUMNS}, ${MEMBERS} FROM trust_groups g ORDER BY g.name, g.id`,
          )
        : await this.pool.query<GroupRow & { members: string[] }>(
            `SELECT ${GROUP_COLUMNS}, ${MEMBERS} FROM trust_groups g
             WHERE EXISTS (SELECT 1 FROM trust_group_members x WHERE x.group_id = g.id AND x.organization_id = $1)
             ORDER BY g.name, g.id`,
            [memberOrganizationId],
          );
    return rows.map((row) => toTrustGroup(row, row.members));
  }

  async addMember(groupId: string, organizationId: string, at: string): Promise<boolean> {
    const result = await this.pool.query(
      'INSERT INTO trust_group_members (group_id, organization_id, added) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [groupId, organizationId, at],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async removeMember(groupId: string, organizationId: string): Promise<boolean> {
    const result = await this.pool.query(
      'DELETE FROM trust_group_members WHERE group_id = $1 AND organization_id = $2',
      [groupId, organizationId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async groupIdsOf(organizationId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ group_id: string }>(
      'SELECT group_id FROM trust_group_members WHERE organization_id = $1 ORDER BY group_id',
      [organizationId],
    );
    return rows.map((r) => r.group_id);
  }

  async appendAudit(events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    const columns: unknown[][] = AUDIT_COLUMNS.map(() => []);
    for (const event of events) auditValues(event).forEach((v, i) => columns[i]!.push(v));
    await this.pool.query(
      `INSERT INTO audit_events (${AUDIT_COLUMNS.join(', ')})
       SELECT * FROM unnest(${AUDIT_COLUMNS.map((c, i) => `$${i + 1}::${c === 'object_ref' ? 'bigint' : 'text'}[]`).join(', ')})`,
      columns,
    );
  }

  async queryAudit(query: AuditQuery): Promise<AuditPage> {
    const select = auditSelect(query, POSTGRES_DIALECT, this.maxPageSize);
    const { rows } = await this.pool.query<AuditRow>(select.sql, select.params);
    return toAuditPage(rows, select.limit);
  }
}
