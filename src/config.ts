import { resolve } from 'node:path';
import type { UnmarkedAudience } from './policy/audience.js';

/** Node configuration, from flags and environment (flags win). */
export interface NodeConfig {
  /** Data directory (SQLite file, keys). Flag `--data`, env `SHURA_HOME`; default `./shura-data`. */
  dataDir: string;
  /** PostgreSQL URL; when set it replaces SQLite. Env `SHURA_DATABASE_URL`. */
  databaseUrl?: string;
  /** Listen address. Flag `--host`, env `SHURA_HOST`; default `127.0.0.1`. */
  host: string;
  /** Listen port. Flag `--port`, env `SHURA_PORT`; default 8600 (0 picks a free port). */
  port: number;
  /** Largest request body in bytes. Env `SHURA_MAX_BODY_BYTES`; default 64 MiB. */
  maxBodyBytes: number;
  /** Most objects accepted in one request. Env `SHURA_MAX_OBJECTS_PER_REQUEST`; default 100,000. */
  maxObjectsPerRequest: number;
  /**
   * Who sees objects shared without any marking. Env `SHURA_UNMARKED`: `owner` (default: the
   * creator organization only, fail closed), `community` or `public`.
   */
  unmarked: UnmarkedAudience;
  /**
   * Hours a TAXII status resource is kept after its request (TAXII 2.1 §4.3 sets none). Env
   * `SHURA_TAXII_STATUS_HOURS`; default 168 (7 days).
   */
  taxiiStatusHours: number;
  /**
   * Serve HTTPS (TLS 1.2 or later; TAXII 2.1 §8.2.2) with this PEM certificate chain and
   * private key. Env `SHURA_TLS_CERT` and `SHURA_TLS_KEY` (file paths, both or neither);
   * without them the node speaks plain HTTP, for loopback or behind a TLS-terminating proxy.
   */
  tls?: { certFile: string; keyFile: string };
}

export interface ConfigOverrides {
  dataDir?: string | undefined;
  host?: string | undefined;
  port?: string | number | undefined;
}

/** Raised for a configuration value that cannot be used; the message names the setting. */
export class ConfigError extends Error {
  readonly id = 'config';
}

/** Reads the configuration; throws {@link ConfigError} for unusable values. */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): NodeConfig {
  const databaseUrl = env.SHURA_DATABASE_URL?.trim();
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('SHURA_DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const certFile = env.SHURA_TLS_CERT?.trim();
  const keyFile = env.SHURA_TLS_KEY?.trim();
  if (Boolean(certFile) !== Boolean(keyFile))
    throw new ConfigError('SHURA_TLS_CERT and SHURA_TLS_KEY go together: set both or neither');
  return {
    ...(certFile && keyFile
      ? { tls: { certFile: resolve(certFile), keyFile: resolve(keyFile) } }
      : {}),
    dataDir: resolve(overrides.dataDir ?? env.SHURA_HOME ?? 'shura-data'),
    ...(databaseUrl ? { databaseUrl } : {}),
    host: overrides.host ?? env.SHURA_HOST ?? '127.0.0.1',
    port: integer('port', overrides.port ?? env.SHURA_PORT ?? 8600, 0, 65535),
    maxBodyBytes: integer(
      'SHURA_MAX_BODY_BYTES',
      env.SHURA_MAX_BODY_BYTES ?? 64 * 1024 * 1024,
      1024,
      2 ** 31,
    ),
    unmarked: unmarkedAudience(env.SHURA_UNMARKED),
    taxiiStatusHours: integer(
      'SHURA_TAXII_STATUS_HOURS',
      env.SHURA_TAXII_STATUS_HOURS ?? 168,
      1,
      24 * 366 * 10,
    ),
    maxObjectsPerRequest: integer(
      'SHURA_MAX_OBJECTS_PER_REQUEST',
      env.SHURA_MAX_OBJECTS_PER_REQUEST ?? 100_000,
      1,
      10_000_000,
    ),
  };
}

function unmarkedAudience(raw: string | undefined): UnmarkedAudience {
  const value = raw?.trim() || 'owner';
  if (value !== 'owner' && value !== 'community' && value !== 'public')
    throw new ConfigError(`SHURA_UNMARKED must be owner, community or public, got "${value}"`);
  return value;
}

function integer(name: string, raw: string | number, min: number, max: number): number {
  const value = typeof raw === 'number' ? raw : /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}
