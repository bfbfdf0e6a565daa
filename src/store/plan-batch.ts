import type { StixObject } from '../stix/types.js';
import type { SummaryRow } from './sql/row-mapping.js';
import type { ObjectWrite, WriteOutcome } from './store.js';
import { decideVersion, normalizeVersion, type ExistingObject } from './version-rules.js';

/** What is stored about an object a batch touches. */
export type StoredObject = ExistingObject & { firstVersion: string };

/** What a backend reads, inside its write transaction, before planning a batch. */
export interface BatchState {
  objects: Map<string, StoredObject>;
  /** Stored bodies by {@link bodyKey}, for the (id, version) pairs of the batch that exist. */
  bodies: Map<string, string>;
}

/** One version row to insert, with its final latest/first flags. */
export interface PlannedInsert {
  write: ObjectWrite;
  /** Index of the write in the batch. */
  slot: number;
  /** Normalized version key ('' for SCOs). */
  version: string;
  isLatest: boolean;
  isFirst: boolean;
}

export interface BatchPlan {
  /** One per write; `undefined` for inserted ones, which the backend fills with `added`. */
  outcomes: (WriteOutcome | undefined)[];
  inserts: PlannedInsert[];
  /** Objects whose stored latest (first) version stops being latest (first). */
  clearLatest: string[];
  clearFirst: string[];
}

export const bodyKey = (id: string, version: string) => `${id}\n${version}`;

/** The stored summary of each object from its latest and first rows (one row may be both). */
export function objectsFromRows(rows: readonly SummaryRow[]): Map<string, StoredObject> {
  const objects = new Map<string, StoredObject>();
  for (const row of rows) {
    const known = objects.get(row.id);
    const object: StoredObject = known ?? {
      created: null,
      createdByRef: null,
      lastVersion: '',
      lastRevoked: false,
      firstVersion: '',
    };
    if (row.is_latest === 1) {
      object.created = row.created;
      object.createdByRef = row.created_by_ref;
      object.lastVersion = row.version;
      object.lastRevoked = row.revoked === 1;
    }
    if (row.is_first === 1) object.firstVersion = row.version;
    objects.set(row.id, object);
  }
  return objects;
}

/**
 * Decides every write of a batch against what is stored and what came earlier in the same
 * batch (the same object twice in one batch behaves as two sequential writes), and works out
 * the final latest/first flags, so a backend writes the batch in a few bulk statements.
 */
export function planBatch(writes: readonly ObjectWrite[], state: BatchState): BatchPlan {
  const outcomes: BatchPlan['outcomes'] = [];
  const inserts: PlannedInsert[] = [];
  const objects = new Map(state.objects);
  const batchBodies = new Map<string, StixObject>();
  const touched = new Set<string>();
  writes.forEach((write, slot) => {
    const { object } = write;
    const version = normalizeVersion(write.version);
    const key = bodyKey(object.id, version);
    const existing = objects.get(object.id);
    const decision = decideVersion(
      object,
      version,
      existing,
      batchBodies.get(key) ?? state.bodies.get(key),
    );
    if (decision.kind === 'unchanged') return void outcomes.push({ status: 'unchanged' });
    if (decision.kind === 'reject') {
      const { rule, message } = decision;
      return void outcomes.push({ status: 'rejected', rule, message });
    }
    outcomes.push(undefined);
    inserts.push({ write, slot, version, isLatest: false, isFirst: false });
    batchBodies.set(key, object);
    if (state.objects.has(object.id)) touched.add(object.id);
    const isLatest = !existing || version > existing.lastVersion;
    objects.set(object.id, {
      created: existing?.created ?? object.created ?? null,
      createdByRef: existing?.createdByRef ?? object.created_by_ref ?? null,
      lastVersion: isLatest ? version : existing.lastVersion,
      lastRevoked: isLatest ? object.revoked === true : existing.lastRevoked,
      firstVersion: !existing || version < existing.firstVersion ? version : existing.firstVersion,
    });
  });
  // Only the final latest/first row of each object keeps its flag.
  for (const insert of inserts) {
    const final = objects.get(insert.write.object.id)!;
    insert.isLatest = insert.version === final.lastVersion;
    insert.isFirst = insert.version === final.firstVersion;
  }
  const clearLatest: string[] = [];
  const clearFirst: string[] = [];
  for (const id of touched) {
    const before = state.objects.get(id)!;
    const after = objects.get(id)!;
    if (after.lastVersion !== before.lastVersion) clearLatest.push(id);
    if (after.firstVersion !== before.firstVersion) clearFirst.push(id);
  }
  return { outcomes, inserts, clearLatest, clearFirst };
}
