import type { Problem } from '../stix/problem.js';
import type { StixObject } from '../stix/types.js';
import { validateStixObject } from '../stix/validate.js';
import { versionKey } from '../stix/versioning.js';
import { audienceOf } from '../policy/audience.js';
import type { ObjectWrite, Store } from '../store/store.js';
import type { InputItem } from './parse-input.js';

/** Per-object outcome of an ingest, in input order. */
export interface IngestResult {
  index: number;
  id?: string;
  type?: string;
  status: 'stored' | 'unchanged' | 'rejected';
  /** Present when rejected: what is wrong, each with a JSON pointer. */
  errors?: Problem[];
  warnings?: Problem[];
}

export interface IngestTotals {
  stored: number;
  unchanged: number;
  rejected: number;
}

export interface IngestReport {
  results: IngestResult[];
  totals: IngestTotals;
}

export interface IngestOptions {
  store: Store;
  /** Local organization submitting the objects (owner of unmarked and restricted objects). */
  submittedBy: string;
  /** Objects per store transaction. Default 1,000. */
  batchSize?: number;
  /** Called after each batch with the number of items processed so far. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The ingest pipeline (parse is done by the caller): validate → version rules → store, one
 * store transaction per batch. Invalid objects are rejected with their problems; the valid ones
 * of the same batch are still stored.
 */
export async function ingest(
  items: readonly InputItem[],
  options: IngestOptions,
): Promise<IngestReport> {
  const batchSize = options.batchSize ?? 1000;
  const results: IngestResult[] = [];
  for (let start = 0; start < items.length; start += batchSize) {
    const batch = items.slice(start, start + batchSize);
    results.push(...(await ingestBatch(batch, options)));
    options.onProgress?.(Math.min(start + batchSize, items.length), items.length);
  }
  return { results, totals: totalsOf(results) };
}

async function ingestBatch(
  batch: readonly InputItem[],
  options: IngestOptions,
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  const writes: ObjectWrite[] = [];
  const writeSlots: number[] = [];
  for (const item of batch) {
    if (item.parseError !== undefined) {
      results.push(rejected(item.index, undefined, [parseProblem(item.parseError)]));
      continue;
    }
    const { errors, warnings } = validateStixObject(item.value);
    const object = item.value as StixObject;
    const label = identify(item.value);
    if (errors.length > 0) {
      results.push({
        ...rejected(item.index, label, errors),
        ...(warnings.length ? { warnings } : {}),
      });
      continue;
    }
    writeSlots.push(results.length);
    results.push({
      index: item.index,
      ...label,
      status: 'stored',
      ...(warnings.length ? { warnings } : {}),
    });
    writes.push({
      object,
      version: versionKey(object),
      audience: audienceOf(object, { ownerOrganizationId: options.submittedBy }),
      submittedBy: options.submittedBy,
    });
  }
  if (writes.length === 0) return results;
  const outcomes = await options.store.putObjects(writes);
  outcomes.forEach((outcome, i) => {
    const result = results[writeSlots[i]!]!;
    if (outcome.status === 'rejected') {
      result.status = 'rejected';
      result.errors = [
        { severity: 'error', pointer: '', rule: outcome.rule, message: outcome.message },
      ];
    } else {
      result.status = outcome.status;
    }
  });
  return results;
}

function identify(value: unknown): { id?: string; type?: string } {
  if (typeof value !== 'object' || value === null) return {};
  const { id, type } = value as { id?: unknown; type?: unknown };
  return {
    ...(typeof id === 'string' && id.length <= 300 ? { id } : {}),
    ...(typeof type === 'string' && type.length <= 300 ? { type } : {}),
  };
}

function rejected(
  index: number,
  label: { id?: string; type?: string } | undefined,
  errors: Problem[],
): IngestResult {
  return { index, ...label, status: 'rejected', errors };
}

function parseProblem(message: string): Problem {
  return { severity: 'error', pointer: '', rule: 'malformed-json', message };
}

/** Counts of stored, unchanged and rejected results. */
export function totalsOf(results: readonly IngestResult[]): IngestTotals {
  const totals: IngestTotals = { stored: 0, unchanged: 0, rejected: 0 };
  for (const r of results) totals[r.status]++;
  return totals;
}
