import type { ObjectPath } from './ast.js';
import type { Sco } from './observation.js';

/**
 * Called with each value an object path reaches, the object holding it and the name of the
 * property it came from; returning true stops the walk.
 */
export type PathVisitor = (
  value: unknown,
  owner: Readonly<Record<string, unknown>>,
  name: string,
) => boolean;

type Json = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Walks `path` from `root` (STIX 2.1 §9.7): properties and dictionary keys by name, list
 * items by index or all of them for `[*]`, and a `*_ref`/`*_refs` value followed to the object
 * it names in `objects` when the path goes on past it. Missing and null values end that branch
 * (the comparison is then false, §9.6). Returns true when the visitor stopped the walk.
 */
export function visitPath(
  path: ObjectPath,
  root: Sco,
  objects: ReadonlyMap<string, Sco>,
  visit: PathVisitor,
): boolean {
  const steps = path.steps;
  const walk = (value: unknown, owner: Json, name: string, i: number): boolean => {
    if (value === undefined || value === null) return false;
    if (i === steps.length) return visit(value, owner, name);
    const step = steps[i]!;
    if (step.kind === 'index') {
      if (!Array.isArray(value)) return false;
      if (step.index !== '*') return walk(value[step.index], owner, name, i + 1);
      for (const item of value) if (walk(item, owner, name, i + 1)) return true;
      return false;
    }
    let container: unknown = value;
    if (typeof value === 'string' && (name.endsWith('_ref') || name.endsWith('_refs')))
      container = objects.get(value);
    if (!isObject(container) || !Object.hasOwn(container, step.name)) return false;
    return walk(container[step.name], container, step.name, i + 1);
  };
  return walk(root, root, '', 0);
}
