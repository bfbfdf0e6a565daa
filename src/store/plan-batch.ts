import type { StixObject } from '../stix/types.js';
import type { ObjectWrite, WriteOutcome } from './store.js';
import { decideVersion, normalizeVersion, type ExistingObject } from './version-rules.js';

/** What a backend knows about the objects a batch touches, read before deciding. */
export interface BatchState {
  objects: Map<string, ExistingObject & { firstVersion: string }>;
  /** Stored bodies by `${id}\n${version}` for the (id, version) pairs of the batch. */
  bodies: Map<string, string | StixObject>;
}

/** One version row to insert, with its final latest/first flags for this batch. */
export interface PlannedInsert {
  write: ObjectWrite;
  slot: number;
  version: string;
  isLatest: boolean;
  isFirst: boolean;
}

/** The outcome of planning a batch: rows to insert and object summaries to upsert. */
export interface BatchPlan {
  outcomes: (WriteOutcome | undefined)[];
  inserts: PlannedInsert[];
  /** Objects whose summary changed: new last/first version keys and revocation. */
  summaries: Map<
    string,
    {
      isNew: boolean;
      lastVersion: string;
      firstVersion: string;
      lastRevoked: boolean;
      clearLatest: boolean;
      clearFirst: boolean;
    }
  >;
}

/**
 * Decides every write of a batch against what is stored and what came earlier in the same
 * batch (so the same object twice in one batch behaves as two sequential writes), and works
 * out the final latest/first flags, so a backend can write the batch in a few bulk statements.
 * Outcomes of inserted rows are left undefined for the backend to fill in with `added`.
 */
export function planBatch(writes: readonly ObjectWrite[], state: BatchState): BatchPlan {
  const outcomes: (WriteOutcome | undefined)[] = [];
  const inserts: PlannedInsert[] = [];
  const summaries: BatchPlan['summaries'] = new Map();
  const objects = new Map(state.objects);
  const bodies = new Map(state.bodies);
  writes.forEach((write, slot) => {
    const { object } = write;
    const version = normalizeVersion(write.version);
    const existing = objects.get(object.id);
    const decision = decideVersion(
      object,
      version,
      existing,
      bodies.get(`${object.id}\n${version}`),
    );
    if (decision.kind === 'unchanged') return void outcomes.push({ status: 'unchanged' });
    if (decision.kind === 'reject')
      return void outcomes.push({
        status: 'rejected',
        rule: decision.rule,
        message: decision.message,
      });
    outcomes.push(undefined);
    const revoked = object.revoked === true;
    const summary = summaries.get(object.id) ?? {
      isNew: existing === undefined,
      lastVersion: existing?.lastVersion ?? version,
      firstVersion: existing?.firstVersion ?? version,
      lastRevoked: existing?.lastRevoked ?? revoked,
      clearLatest: false,
      clearFirst: false,
    };
    const isLatest = existing === undefined || version > existing.lastVersion;
    const isFirst = existing === undefined || version < existing.firstVersion;
    if (isLatest) {
      summary.lastVersion = version;
      summary.lastRevoked = revoked;
      if (!summary.isNew) summary.clearLatest = true;
    }
    if (isFirst) {
      summary.firstVersion = version;
      if (!summary.isNew) summary.clearFirst = true;
    }
    summaries.set(object.id, summary);
    inserts.push({ write, slot, version, isLatest, isFirst });
    objects.set(object.id, {
      created: object.created ?? null,
      createdByRef: object.created_by_ref ?? null,
      lastVersion: summary.lastVersion,
      firstVersion: summary.firstVersion,
      lastRevoked: summary.lastRevoked,
    });
    bodies.set(`${object.id}\n${version}`, object);
  });
  // Only the final latest/first row of each object keeps its flag.
  for (const insert of inserts) {
    const summary = summaries.get(insert.write.object.id)!;
    insert.isLatest = insert.version === summary.lastVersion;
    insert.isFirst = insert.version === summary.firstVersion;
  }
  return { outcomes, inserts, summaries };
}
