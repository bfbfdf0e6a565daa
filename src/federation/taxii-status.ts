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

/** Saves (or replaces) a status resource readable by one organization only. */
export async function saveStatus(
  store: Store,
  organizationId: string,
  status: TaxiiStatus,
): Promise<void> {
  await store.putRecord(KIND, status.id, { organizationId, status } satisfies StatusRecord);
}

/**
 * A status resource by id, for the organization whose request it describes; undefined for
 * any other organization, exactly as for an id that does not exist.
 */
export async function findStatus(
  store: Store,
  id: string,
  organizationId: string,
): Promise<TaxiiStatus | undefined> {
  const record = (await store.getRecord(KIND, id)) as StatusRecord | undefined;
  return record?.organizationId === organizationId ? record.status : undefined;
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
