import type { Store } from '../store/store.js';

/** One object of a status resource (TAXII 2.1 §4.3.1 status-details). */
export interface StatusDetail {
  id: string;
  version: string;
  message?: string;
}

/** TAXII 2.1 §4.3.1 status resource, in its wire shape. */
export interface TaxiiStatus {
  id: string;
  status: 'complete' | 'pending';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes?: StatusDetail[];
  failure_count: number;
  failures?: StatusDetail[];
  pending_count: number;
  pendings?: StatusDetail[];
}

/** How a status resource is stored: with the organization that may read it. */
interface StatusRecord {
  organizationId: string;
  status: TaxiiStatus;
}

const KIND = 'taxii-status';

/**
 * How long a status resource is kept after its request, by default: 7 days. TAXII 2.1 sets no
 * lifetime; a client polls a status for as long as its request is pending and reads it soon
 * after, while a node taking envelopes around the clock would otherwise keep ~100 KB per
 * 1,000-object envelope forever.
 */
export const STATUS_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Saves (or replaces) a status resource readable by one organization only, kept until
 * `retentionMs` after its `request_timestamp`.
 */
export async function saveStatus(
  store: Store,
  organizationId: string,
  status: TaxiiStatus,
  retentionMs = STATUS_RETENTION_MS,
): Promise<void> {
  const expires = new Date(Date.parse(status.request_timestamp) + retentionMs).toISOString();
  await store.putRecord(KIND, status.id, { organizationId, status } satisfies StatusRecord, {
    expires,
  });
}

/**
 * A status resource by id, for the organization whose request it describes; undefined for
 * any other organization and once it has expired (at `now`), exactly as for an id that does
 * not exist.
 */
export async function findStatus(
  store: Store,
  id: string,
  organizationId: string,
  now: Date,
): Promise<TaxiiStatus | undefined> {
  const record = (await store.getRecord(KIND, id, { at: now.toISOString() })) as
    StatusRecord | undefined;
  return record?.organizationId === organizationId ? record.status : undefined;
}

/** Deletes the expired status resources (and any other expired record); how many. */
export function purgeExpiredStatuses(store: Store, now: Date): Promise<number> {
  return store.deleteExpiredRecords(now.toISOString());
}

/** A status whose counts agree with its lists; `complete` once nothing is pending. */
export function statusOf(
  id: string,
  requestTimestamp: string,
  lists: { successes: StatusDetail[]; failures: StatusDetail[]; pendings: StatusDetail[] },
): TaxiiStatus {
  const { successes, failures, pendings } = lists;
  return {
    id,
    status: pendings.length === 0 ? 'complete' : 'pending',
    request_timestamp: requestTimestamp,
    total_count: successes.length + failures.length + pendings.length,
    success_count: successes.length,
    // TAXII 2.1 §2: a list is never empty; an empty optional list is left out.
    ...(successes.length > 0 ? { successes } : {}),
    failure_count: failures.length,
    ...(failures.length > 0 ? { failures } : {}),
    pending_count: pendings.length,
    ...(pendings.length > 0 ? { pendings } : {}),
  };
}
