import type { ObjectPath, PathStep } from './ast.js';
import {
  HASH_ALGORITHMS,
  SCO_EXTENSIONS,
  scoProperties,
  type PropertySpec,
} from './sco-definitions.js';
import { ownEntry } from '../stix/own-entry.js';

/** A finding about one step of an object path. */
export interface PathNote {
  step: PathStep | undefined;
  rule: string;
  message: string;
}

/** What a path leads to: the data type when the SCO definitions know it, and the notes made on the way. */
export interface PathType {
  spec: PropertySpec | undefined;
  notes: PathNote[];
}

const LISTS = new Set(['refs', 'string-list', 'object-list']);
const NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  float: 'a float',
  boolean: 'a boolean',
  timestamp: 'a timestamp',
  binary: 'binary',
  hex: 'hex',
  dictionary: 'a dictionary',
  hashes: 'a hashes dictionary',
  'string-list': 'a list',
  extensions: 'the extensions dictionary',
  ref: 'a reference',
  refs: 'a list of references',
  object: 'an object',
  'object-list': 'a list of objects',
};

/** "an integer", "a list of references", ... for messages. */
export const describeSpec = (spec: PropertySpec) => NAMES[spec.kind] ?? spec.kind;

/**
 * Follows an object path through the STIX 2.1 SCO definitions (§6, §9.7) and says what it
 * reaches. Unknown properties, extensions and hash names are noted (custom content is legal,
 * so these are warnings); after something unknown the type is undefined.
 */
export function pathType(path: ObjectPath): PathType {
  const notes: PathNote[] = [];
  const own = scoProperties(path.objectType);
  if (!own) return { spec: undefined, notes };
  let current: PropertySpec | undefined = { kind: 'object', properties: own };
  let label = path.objectType;
  for (const step of path.steps) {
    if (!current) break;
    const note = (rule: string, message: string): undefined => {
      notes.push({ step, rule, message });
      return undefined;
    };
    if (step.kind === 'index') {
      if (current.kind === 'refs') current = { kind: 'ref', targets: current.targets };
      else if (current.kind === 'string-list') current = { kind: 'string' };
      else if (current.kind === 'object-list')
        current = { kind: 'object', properties: current.properties };
      else
        current = note(
          'index-on-non-list',
          `${label} is ${describeSpec(current)}, not a list; [${step.index}] finds nothing`,
        );
      continue;
    }
    const name = step.name;
    const next = `${label}${label.includes(':') ? '.' : ':'}${name}`;
    switch (current.kind) {
      case 'object':
        current =
          ownEntry(current.properties, name) ??
          note(
            'unknown-property',
            `${next}: '${name}' is not a property of ${label} in STIX 2.1 (custom property?)`,
          );
        break;
      case 'extensions': {
        const hosted = ownEntry(SCO_EXTENSIONS, path.objectType);
        const extension = hosted && ownEntry(hosted, name);
        if (extension) current = { kind: 'object', properties: extension };
        else if (name.startsWith('extension-definition--')) current = undefined;
        else
          current = note(
            'unknown-extension',
            `'${name}' is not a predefined extension of ${path.objectType} (custom extension?)`,
          );
        break;
      }
      case 'hashes': {
        if (!HASH_ALGORITHMS.includes(name)) {
          const close = HASH_ALGORITHMS.find(
            (h) => h.replace('-', '') === name.replace('-', '').toUpperCase(),
          );
          const hint = close ? ` (did you mean '${close}'?)` : '';
          notes.push({
            step,
            rule: 'unknown-hash',
            message: `'${name}' is not in hash-algorithm-ov${hint}`,
          });
        }
        current = { kind: 'string' };
        break;
      }
      case 'dictionary':
        current = undefined;
        break;
      case 'ref': {
        const targets = current.targets.length > 0 ? current.targets : undefined;
        const found = targets
          ?.map((t) => {
            const properties = scoProperties(t);
            return properties && ownEntry(properties, name);
          })
          .find((s) => s !== undefined);
        if (!targets) current = undefined;
        else
          current =
            found ??
            note(
              'unknown-property',
              `${next}: '${name}' is not a property of ${targets.join(' or ')}`,
            );
        break;
      }
      default:
        if (LISTS.has(current.kind))
          current = note(
            'list-without-index',
            `${label} is ${describeSpec(current)}; use [*] or [n] before .${name} (§9.7.2)`,
          );
        else
          current = note(
            'not-an-object',
            `${label} is ${describeSpec(current)}; it has no property '${name}'`,
          );
    }
    label = next;
  }
  return { spec: current, notes };
}
