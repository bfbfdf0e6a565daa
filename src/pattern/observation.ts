import { timestampMillis } from './constants.js';
import { NON_SCO_TYPES } from './sco-definitions.js';

/** A STIX Cyber-observable Object as parsed JSON. */
export type Sco = Readonly<Record<string, unknown>> & { readonly type: string };

/**
 * One Observed Data object (or one bare SCO) ready for matching: the SCOs that object paths
 * start from, the objects references may be followed to, and when and how often it was seen
 * (STIX 2.1 §4.14, §9.1 "Observation").
 */
export interface Observation {
  /** The observed-data (or SCO) id, when it has one. */
  readonly id: string | undefined;
  /** `first_observed` in ms since the epoch; NaN when unknown (a bare SCO, a line of input). */
  readonly first: number;
  /** `last_observed` in ms since the epoch; NaN when unknown. */
  readonly last: number;
  /** `number_observed`: how many Observations this object stands for (at least 1). */
  readonly count: number;
  /** The SCOs an Observation Expression may start from (§9.5). */
  readonly roots: readonly Sco[];
  /** Objects a `*_ref`/`*_refs` value may be dereferenced to, by id or embedded key (§9.7.4). */
  readonly objects: ReadonlyMap<string, Sco>;
}

const EMPTY: ReadonlyMap<string, Sco> = new Map();

/** True for a JSON object whose `type` names a cyber-observable (not an SDO, SRO or bundle). */
export function isSco(value: unknown): value is Sco {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && !NON_SCO_TYPES.has(type);
}

/** A bare SCO as an Observation seen once at an unknown time; `pool` resolves its references. */
export function observationOfSco(sco: Sco, pool: ReadonlyMap<string, Sco> = EMPTY): Observation {
  const id = typeof sco.id === 'string' ? sco.id : undefined;
  return { id, first: NaN, last: NaN, count: 1, roots: [sco], objects: pool };
}

/**
 * An observed-data object as an Observation. With `object_refs`, only listed objects found in
 * `pool` can be started from or followed (§9.7.4); with the deprecated embedded `objects`
 * dictionary, references are its keys (§2.13). Undefined when `value` is not observed-data.
 */
export function observationOfObservedData(
  value: unknown,
  pool: ReadonlyMap<string, Sco> = EMPTY,
): Observation | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const data = value as Record<string, unknown>;
  if (data.type !== 'observed-data') return undefined;
  const objects = new Map<string, Sco>();
  if (typeof data.objects === 'object' && data.objects !== null && !Array.isArray(data.objects)) {
    for (const [key, object] of Object.entries(data.objects))
      if (isSco(object)) objects.set(key, object);
  } else if (Array.isArray(data.object_refs)) {
    for (const ref of data.object_refs) {
      const object = typeof ref === 'string' ? pool.get(ref) : undefined;
      if (object) objects.set(ref as string, object);
    }
  }
  const count = data.number_observed;
  const first =
    typeof data.first_observed === 'string' ? timestampMillis(data.first_observed) : undefined;
  const last =
    typeof data.last_observed === 'string' ? timestampMillis(data.last_observed) : undefined;
  return {
    id: typeof data.id === 'string' ? data.id : undefined,
    first: first ?? NaN,
    last: last ?? first ?? NaN,
    count: typeof count === 'number' && Number.isInteger(count) && count >= 1 ? count : 1,
    roots: [...objects.values()],
    objects,
  };
}

/**
 * The Observations in a list of STIX objects (a bundle's `objects`, say): one per observed-data,
 * plus one per SCO that no observed-data lists, seen once at an unknown time.
 */
export function observationsFrom(objects: Iterable<unknown>): Observation[] {
  const all = [...objects];
  const pool = new Map<string, Sco>();
  for (const object of all)
    if (isSco(object) && typeof object.id === 'string') pool.set(object.id, object);
  const listed = new Set<unknown>();
  const out: Observation[] = [];
  for (const object of all) {
    const observation = observationOfObservedData(object, pool);
    if (!observation) continue;
    for (const sco of observation.roots) listed.add(sco);
    out.push(observation);
  }
  for (const object of all)
    if (isSco(object) && !listed.has(object)) out.push(observationOfSco(object, pool));
  return out;
}
