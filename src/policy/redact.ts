import type { StixObject } from '../stix/types.js';
import type { GranularAudience } from './audience.js';
import { canSee, type Viewer } from './viewer.js';

/** Properties never removed: without them the object cannot be read or its markings seen. */
const KEPT = new Set(['type', 'id', 'spec_version', 'object_marking_refs', 'granular_markings']);

/** One step of a STIX selector: a property name or a list index. */
type Step = string | number;

/**
 * The object as this viewer may see it: every property selected by a granular marking whose
 * audience the viewer does not share is removed (STIX 2.1 §7.2.3; a list element selected as
 * `list.[n]` is removed from the list). Returns the same object when nothing is hidden, so
 * the common case costs one loop over `granular`. The caller has already established that
 * the viewer may see the object itself (the store only returns such versions).
 *
 * This is the presentation hook every read path calls (REST, TAXII, exports, the stream):
 * `redact(version.object, version.granular, viewer)`.
 */
export function redact(
  object: StixObject,
  granular: readonly GranularAudience[] | undefined,
  viewer: Viewer,
): StixObject {
  if (granular === undefined || granular.length === 0) return object;
  const hidden = new Map<string, Step[]>();
  for (const marking of granular) {
    if (canSee(marking.audience, viewer)) continue;
    for (const selector of marking.selectors) {
      const path = parseSelector(selector);
      // A selector named twice is removed once (twice would remove the next list element).
      if (path && !(path.length === 1 && KEPT.has(path[0] as string)))
        hidden.set(JSON.stringify(path), path);
    }
  }
  if (hidden.size === 0) return object;
  // Copy on write: only the containers along a removed path are copied; the rest is shared
  // with the stored object, which is never changed. Deepest paths and highest list indices
  // first, so removing one never shifts another.
  const copy = { ...object };
  const copied = new Set<unknown>([copy]);
  for (const path of [...hidden.values()].sort(comparePathsForRemoval))
    removeAt(copy, path, copied);
  return copy;
}

/** `a.b.[2].c` -> ['a', 'b', 2, 'c']; undefined for a malformed selector (ignored). */
export function parseSelector(selector: string): Step[] | undefined {
  if (selector.length === 0) return undefined;
  const steps: Step[] = [];
  for (const part of selector.split('.')) {
    const index = /^\[(\d+)\]$/.exec(part);
    if (index) steps.push(Number(index[1]));
    else if (part.length > 0 && !part.includes('[')) steps.push(part);
    else return undefined;
  }
  return typeof steps[0] === 'string' ? steps : undefined;
}

function comparePathsForRemoval(a: Step[], b: Step[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(x) < String(y) ? -1 : 1;
  }
  return b.length - a.length;
}

function removeAt(root: Record<string, unknown>, path: Step[], copied: Set<unknown>): void {
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const step = path[i]!;
    const next = child(node, step);
    if (typeof next !== 'object' || next === null) return;
    let own = next;
    if (!copied.has(next)) {
      own = Array.isArray(next)
        ? [...(next as unknown[])]
        : { ...(next as Record<string, unknown>) };
      copied.add(own);
      (node as Record<string | number, unknown>)[step] = own;
    }
    node = own;
  }
  const last = path[path.length - 1]!;
  if (typeof last === 'number') {
    if (Array.isArray(node) && last < node.length) node.splice(last, 1);
  } else if (isRecord(node)) {
    delete node[last];
  }
}

function child(node: unknown, step: Step): unknown {
  if (typeof step === 'number') return Array.isArray(node) ? (node[step] as unknown) : undefined;
  return isRecord(node) && Object.hasOwn(node, step) ? node[step] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
