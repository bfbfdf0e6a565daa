import type { CliIo } from '../command.js';

/**
 * Prints records for the admin commands (org, user, key, group, audit): one JSON document with
 * `--json`, else one line per record of `key=value` pairs (the first field first).
 */
export function printRecords(
  io: CliIo,
  json: boolean,
  records: readonly Record<string, unknown>[],
): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(records)}\n`);
    return;
  }
  for (const record of records) {
    const fields = Object.entries(record)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    io.stdout.write(`${fields.join('  ')}\n`);
  }
}

/** Splits a comma-separated option value; undefined stays undefined. */
export function commaList(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
}
