import { recordAdministration } from '../audit/audit-log.js';
import type { Caller } from '../audit/caller.js';
import { mayManageKeysOf } from '../policy/permissions.js';
import { isStixTimestamp } from '../stix/timestamps.js';
import type { ApiKeyRecord, Store } from '../store/store.js';
import { issueApiKey, type IssuedApiKey } from './api-keys.js';
import { IdentityError } from './identity-error.js';
import { getUser } from './users.js';

/**
 * API keys as a use case: a user manages its own keys; node admins and org-admins the keys of
 * the people they manage. The secret is returned once, at issue; listings show metadata only.
 */

/** Issues a key for `userId` (default: the caller), optionally expiring and labelled. */
export async function issueKey(
  store: Store,
  caller: Caller,
  input: { userId?: string | undefined; expires?: string | undefined; label?: string | undefined },
  now: Date,
): Promise<IssuedApiKey> {
  const user = await getUser(store, caller, input.userId ?? caller.userId);
  if (!mayManageKeysOf(caller, user))
    throw new IdentityError('forbidden', 'You may not issue keys for this user.');
  let expires: Date | undefined;
  if (input.expires !== undefined) {
    if (!isStixTimestamp(input.expires) || Date.parse(input.expires) <= now.getTime())
      throw new IdentityError('invalid', '"expires" must be a future RFC 3339 timestamp.');
    expires = new Date(input.expires);
  }
  const label = input.label?.trim();
  if (label !== undefined && label.length > 200)
    throw new IdentityError('invalid', 'A key label is at most 200 characters.');
  const issued = await issueApiKey(store, user.id, now, expires, label || undefined);
  await recordAdministration(store, caller, 'key.issued', now, {
    keyId: issued.record.id,
    userId: user.id,
    organizationId: user.organizationId,
    ...(expires ? { expires: expires.toISOString() } : {}),
  });
  return issued;
}

/** Keys the caller may manage: its own, or those of one user it manages (`userId`). */
export async function listKeys(
  store: Store,
  caller: Caller,
  filter: { userId?: string | undefined } = {},
): Promise<ApiKeyRecord[]> {
  const user = await getUser(store, caller, filter.userId ?? caller.userId);
  if (!mayManageKeysOf(caller, user)) throw new IdentityError('not-found', `No user ${user.id}.`);
  return store.listApiKeys({ userId: user.id });
}

/** Revokes a key at once (idempotent). A key the caller may not manage answers `not-found`. */
export async function revokeKey(
  store: Store,
  caller: Caller,
  keyId: string,
  now: Date,
): Promise<ApiKeyRecord> {
  const key = await store.getApiKey(keyId);
  const user = key ? await store.getUser(key.userId) : undefined;
  if (!key || !user || !mayManageKeysOf(caller, user))
    throw new IdentityError('not-found', `No key ${keyId}.`);
  if (key.revoked !== undefined) return key;
  const at = now.toISOString();
  await store.revokeApiKey(keyId, at);
  await recordAdministration(store, caller, 'key.revoked', now, {
    keyId,
    userId: user.id,
    organizationId: user.organizationId,
  });
  return { ...key, revoked: at };
}
