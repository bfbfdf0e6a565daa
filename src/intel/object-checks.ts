import type { Problem } from '../stix/problem.js';
import { textHasSafeStrings } from '../stix/input-safety.js';
import { validateForIngest } from './validate-input.js';

/** What validation found in one object, and its JSON text when it is valid. */
export interface ObjectCheck {
  errors: Problem[];
  warnings: Problem[];
  /** `JSON.stringify` of the object, present when it is valid (no errors). */
  json?: string;
}

/**
 * The checks of a text's objects as they cross between threads: one JSON text per object
 * (`null` for an invalid one) and the problems of the objects that have any, by index. Far
 * cheaper to copy than an object per check.
 */
export interface CheckedObjects {
  json: (string | null)[];
  problems: [index: number, errors: Problem[], warnings: Problem[]][];
}

/**
 * Validates each object of a TAXII 2.1 §3.7 envelope's text (`{"objects": [...]}`), exactly as
 * the ingest pipeline would after parsing the same text; undefined when the text is not such an
 * envelope (the caller's own parse reports why). `share`: the part of the objects to check,
 * from the first (default all; see {@link sharedCount}).
 */
export function checkEnvelopeText(text: string, share = 1): CheckedObjects | undefined {
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    return undefined;
  }
  const objects =
    typeof envelope === 'object' && envelope !== null
      ? (envelope as { objects?: unknown }).objects
      : undefined;
  if (!Array.isArray(objects)) return undefined;
  return checkObjects(objects, 0, sharedCount(objects.length, share), textHasSafeStrings(text));
}

/** How many objects, from the first, a `share` (0–1) of `count` objects is. */
export function sharedCount(count: number, share: number): number {
  return Math.min(count, Math.ceil(count * share));
}

/**
 * Validates `objects[from]` up to (not including) `objects[to]` and gives the JSON text of the
 * valid ones; `checked.json[i]` is about `objects[from + i]`, and so are the problems' indexes.
 * `stringsChecked`: their text passed `textHasSafeStrings`.
 */
export function checkObjects(
  objects: readonly unknown[],
  from: number,
  to: number,
  stringsChecked: boolean,
): CheckedObjects {
  const checked: CheckedObjects = { json: [], problems: [] };
  for (let index = from; index < to; index++) {
    const value = objects[index];
    const { errors, warnings } = validateForIngest(value, { stringsChecked });
    checked.json.push(errors.length === 0 ? JSON.stringify(value) : null);
    if (errors.length > 0 || warnings.length > 0)
      checked.problems.push([index - from, errors, warnings]);
  }
  return checked;
}

/** The checks of {@link CheckedObjects}, one per object in order. */
export function checksOf(checked: CheckedObjects): ObjectCheck[] {
  const checks: ObjectCheck[] = checked.json.map((json) =>
    json === null ? { errors: [], warnings: [] } : { errors: [], warnings: [], json },
  );
  for (const [index, errors, warnings] of checked.problems) {
    const check = checks[index];
    if (check) Object.assign(check, { errors, warnings });
  }
  return checks;
}
