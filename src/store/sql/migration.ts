/** One schema migration: applied once, in version order, recorded in `schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Refuses a database whose applied migrations this code does not know (written by a newer
 * Shura, or by a pre-release schema): running on it could corrupt it.
 */
export function checkApplied(
  applied: readonly { version: number; name: string }[],
  known: readonly Migration[],
): void {
  for (const row of applied) {
    const migration = known.find((m) => m.version === row.version);
    if (migration?.name !== row.name)
      throw new Error(
        `the database has schema migration ${row.version} "${row.name}", which this version of Shura does not know; use a new data directory (or database schema) or a matching Shura version`,
      );
  }
}

/**
 * Migrations whose SQL is the same in both dialects, listed by both `sqlite-migrations.ts` and
 * `postgres-migrations.ts` under the same version.
 */
export const PORTABLE_MIGRATIONS = {
  versionFacts: {
    version: 6,
    name: 'version facts beside the body: modified and TLP level',
    // store/version-facts.ts. NULL tlp: written before, facts unknown (readers parse the body).
    sql: `
      ALTER TABLE versions ADD COLUMN modified TEXT;
      ALTER TABLE versions ADD COLUMN tlp TEXT;
    `,
  },
  partialOrganizationIndex: {
    version: 7,
    name: 'audit events indexed by object organization only when they have one',
    // The index serves "events about my organization's objects" (object_organization_id = ?);
    // events about other organizations' objects (most reads of relayed intelligence) no longer
    // pay for an entry no query can use.
    sql: `
      DROP INDEX audit_events_object_organization;
      CREATE INDEX audit_events_object_organization ON audit_events (object_organization_id, seq)
        WHERE object_organization_id IS NOT NULL;
    `,
  },
  recordExpiry: {
    version: 8,
    name: 'records may expire (TAXII status resources)',
    // RFC 3339 UTC text with milliseconds, so text order is time order in both dialects.
    sql: `
      ALTER TABLE records ADD COLUMN expires TEXT;
      CREATE INDEX records_expires ON records (expires) WHERE expires IS NOT NULL;
    `,
  },
} as const satisfies Record<string, Migration>;
