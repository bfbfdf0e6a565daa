import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, Store, User } from '../store/store.js';

/** Every key starts with this, so secret scanners and log filters can recognise one. */
export const API_KEY_PREFIX = 'shura_';
const KEY_SHAPE = /^shura_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A freshly issued key: `secret` is shown once and never stored. */
export interface IssuedApiKey {
  record: ApiKeyRecord;
  secret: string;
}

/**
 * Issues an API key for a user. The key is `shura_<16 hex id>_<43 base64url chars>` (256 random
 * bits); only the SHA-256 of the random part is stored, so a database leak reveals no key.
 */
export async function issueApiKey(
  store: Store,
  userId: string,
  now: Date,
  expires?: Date,
  label?: string,
): Promise<IssuedApiKey> {
  const id = randomBytes(8).toString('hex');
  const secretPart = randomBytes(32).toString('base64url');
  const record: ApiKeyRecord = {
    id,
    userId,
    secretHash: sha256Hex(secretPart),
    created: now.toISOString(),
    ...(expires ? { expires: expires.toISOString() } : {}),
    ...(label !== undefined ? { label } : {}),
  };
  await store.createApiKey(record);
  return { record, secret: `${API_KEY_PREFIX}${id}_${secretPart}` };
}

/** Why a presented key was refused; for the audit log, never shown to the caller. */
export type KeyRefusal =
  'malformed' | 'unknown' | 'wrong-secret' | 'expired' | 'revoked' | 'no-user' | 'disabled';

export type KeyCheck =
  | { ok: true; user: User; key: ApiKeyRecord }
  /** `keyId`: the public id part of a well-formed key, for the audit log. */
  | { ok: false; reason: KeyRefusal; keyId?: string };

/**
 * Checks a presented key. The secret comparison is constant-time, and an unknown key id is
 * compared against a dummy hash so both refusals cost the same.
 */
export async function verifyApiKey(store: Store, presented: string, now: Date): Promise<KeyCheck> {
  const match = KEY_SHAPE.exec(presented);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, id, secretPart] = match as unknown as [string, string, string];
  const key = await store.getApiKey(id);
  const presentedHash = Buffer.from(sha256Hex(secretPart), 'hex');
  const storedHash = Buffer.from(key?.secretHash ?? DUMMY_HASH, 'hex');
  const secretMatches =
    storedHash.length === presentedHash.length && timingSafeEqual(storedHash, presentedHash);
  if (!key) return { ok: false, reason: 'unknown', keyId: id };
  if (!secretMatches) return { ok: false, reason: 'wrong-secret', keyId: id };
  if (key.revoked !== undefined) return { ok: false, reason: 'revoked', keyId: id };
  if (key.expires !== undefined && Date.parse(key.expires) <= now.getTime())
    return { ok: false, reason: 'expired', keyId: id };
  const user = await store.getUser(key.userId);
  if (!user) return { ok: false, reason: 'no-user', keyId: id };
  if (user.disabled !== undefined) return { ok: false, reason: 'disabled', keyId: id };
  return { ok: true, user, key };
}

const DUMMY_HASH = '0'.repeat(64);

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
