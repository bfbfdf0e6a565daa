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
