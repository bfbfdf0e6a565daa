import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (two levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folder of the shared public test data: `SHURA_SHARED_DATA`, default `../shared/data`. */
export const SHARED_DATA = resolve(REPO_ROOT, process.env.SHURA_SHARED_DATA ?? '../shared/data');

/**
 * `undefined` when the shared data folder (or the given file below it) exists, else a skip
 * reason to pass as `{ skip }` to a test, printed by the runner.
 */
export function sharedDataSkip(relativePath = ''): string | undefined {
  const path = resolve(SHARED_DATA, relativePath);
  return existsSync(path)
    ? undefined
    : `shared test data not found at ${path} (set SHURA_SHARED_DATA)`;
}

/** Absolute path of a file in the shared data folder. */
export function sharedPath(relativePath: string): string {
  return resolve(SHARED_DATA, relativePath);
}
