import { randomUUID } from 'node:crypto';
import { ingest, type IngestOptions, type IngestResult } from '../intel/ingest.js';
import type { ObjectCheck } from '../intel/object-checks.js';
import type { Viewer } from '../policy/viewer.js';
import type { Store } from '../store/store.js';
import { refusalOf } from './collection-reads.js';
import type { TaxiiCollection } from './taxii-collections.js';
import { saveStatus, statusOf, type StatusDetail, type TaxiiStatus } from './taxii-status.js';

export interface IntakeOptions {
  store: Store;
  collection: TaxiiCollection;
  /** Organization submitting the envelope: owner of what it adds and of the status resource. */
  submittedBy: string;
  /** The submitter's viewer (to read back the version the store gave an SCO). */
  viewer: Viewer;
  /** RFC 3339 time the request arrived (the status resource's `request_timestamp`). */
  requestTimestamp: string;
  /**
   * Envelopes with at most this many objects are processed before the answer (status
   * `complete`); larger ones answer at once with status `pending` and are processed in the
   * background, the status resource updated after each batch. Default 1,000.
   */
  inlineLimit?: number;
  /** Objects per store transaction. Default 1,000. */
  batchSize?: number;
  /** How long the status resource is kept after the request. Default `STATUS_RETENTION_MS`. */
  statusRetentionMs?: number | undefined;
  /** The envelope's text passed `textHasSafeStrings` (see `InputItem.stringsChecked`). */
  stringsChecked?: boolean;
  /**
   * The checks of the envelope's objects made as it was parsed (`checks[i]` for `objects[i]`,
   * `ObjectChecker`); the objects without one are validated by ingest.
   */
  checks?: readonly (ObjectCheck | undefined)[] | undefined;
  /** Further ingest options (relay mode, the caller for the audit log, the clock, ...). */
  ingest?: Omit<IngestOptions, 'store' | 'submittedBy' | 'batchSize' | 'onProgress'>;
}

/** The answer to an envelope, and the background work still running for it (if any). */
export interface Intake {
  status: TaxiiStatus;
  done: Promise<void>;
}

interface Item {
  index: number;
  value: unknown;
  detail: StatusDetail;
}

/**
 * Adds the objects of a TAXII envelope to a collection (TAXII 2.1 §5.5): objects the
 * collection does not accept fail at once, the others go through the ingest pipeline
 * (validate, version rules, policy audience, store) and each ends as a success or a failure
 * with its reason in a status resource the submitting organization can read back.
 */
export async function receiveEnvelope(
  objects: readonly unknown[],
  options: IntakeOptions,
): Promise<Intake> {
  const id = randomUUID();
  const successes = new Map<number, StatusDetail>();
  const failures = new Map<number, StatusDetail>();
  const pending = new Map<number, StatusDetail>();
  const admitted: Item[] = [];
  objects.forEach((value, index) => {
    const detail = detailOf(value, index);
    const refusal = refusalOf(options.collection, value);
    if (refusal) failures.set(index, { ...detail, message: refusal });
    else {
      pending.set(index, detail);
      admitted.push({ index, value, detail });
    }
  });
  const current = () =>
    statusOf(id, options.requestTimestamp, {
      successes: inOrder(successes),
      failures: inOrder(failures),
      pendings: inOrder(pending),
    });
  const save = async () => {
    const status = current();
    await saveStatus(options.store, options.submittedBy, status, options.statusRetentionMs);
    return status;
  };

  const processBatch = async (batch: readonly Item[]) => {
    const report = await ingest(
      batch.map(({ index, value }) => {
        const check = options.checks?.[index];
        return {
          index,
          value,
          stringsChecked: options.stringsChecked === true,
          ...(check ? { check } : {}),
        };
      }),
      {
        ...options.ingest,
        store: options.store,
        submittedBy: options.submittedBy,
        batchSize: options.batchSize,
      },
    );
    for (const result of report.results) {
      const detail = pending.get(result.index);
      if (!detail) continue;
      pending.delete(result.index);
      if (result.status === 'rejected')
        failures.set(result.index, { ...detail, message: messageOf(result) });
      else
        successes.set(result.index, {
          ...detail,
          version: detail.version || (await storedVersion(options, detail.id)),
          ...(result.status === 'unchanged' ? { message: 'Already stored; unchanged.' } : {}),
        });
    }
  };

  if (admitted.length <= (options.inlineLimit ?? 1000)) {
    await processBatch(admitted);
    return { status: await save(), done: Promise.resolve() };
  }
  const accepted = await save();
  const batchSize = options.batchSize ?? 1000;
  const done = (async () => {
    try {
      for (let start = 0; start < admitted.length; start += batchSize) {
        await processBatch(admitted.slice(start, start + batchSize));
        await save();
      }
    } catch (error) {
      // The remaining objects cannot be processed: they fail, with nothing internal exposed.
      console.error(`TAXII status ${id}: background processing failed:`, error);
      for (const [index, detail] of pending)
        failures.set(index, { ...detail, message: 'The server could not process this object.' });
      pending.clear();
      await save();
    }
  })();
  return { status: accepted, done };
}

function detailOf(value: unknown, index: number): StatusDetail {
  const { id, modified, created } = (
    typeof value === 'object' && value !== null ? value : {}
  ) as Record<string, unknown>;
  const version = typeof modified === 'string' ? modified : created;
  return {
    id: typeof id === 'string' && id.length <= 300 ? id : `objects[${index}]`,
    version: typeof version === 'string' && version.length <= 64 ? version : '',
  };
}

/** The version the store shows for an object without `modified`/`created` (an SCO). */
async function storedVersion(options: IntakeOptions, id: string): Promise<string> {
  const [latest] = await options.store.getObject(id, options.viewer, { kind: 'last' });
  return latest?.version ?? options.requestTimestamp;
}

function messageOf(result: IngestResult): string {
  const text = (result.errors ?? [])
    .map((e) => (e.pointer ? `${e.pointer}: ${e.message}` : e.message))
    .join('; ');
  return (text || 'Rejected.').slice(0, 2000);
}

function inOrder(details: Map<number, StatusDetail>): StatusDetail[] {
  return [...details.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d);
}
