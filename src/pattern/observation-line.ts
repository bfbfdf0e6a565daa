import type { ObjectPath } from './ast.js';
import { Lexer } from './lexer.js';
import { observationOfSco, type Observation, type Sco } from './observation.js';
import { parsePath } from './parse-comparison.js';
import { DEFAULT_MAX_PATTERN_DEPTH } from './parse-pattern.js';
import { pathType } from './path-types.js';
import { fail } from './pattern-error.js';
import { printPath } from './print-pattern.js';
import { defineEntry, ownEntry } from '../stix/own-entry.js';

/** The property a bare type names in a `type,value` line (`ipv4-addr,10.0.0.1`). */
export const LINE_PROPERTY: Readonly<Record<string, string>> = {
  'autonomous-system': 'number',
  directory: 'path',
  file: 'name',
  mutex: 'name',
  process: 'command_line',
  software: 'name',
  'user-account': 'account_login',
  'windows-registry-key': 'key',
  'x509-certificate': 'serial_number',
};

/** What the left side of a line names: an object type and a path of properties. */
export interface LineTarget {
  objectType: string;
  path: ObjectPath;
  /** printPath(path): `ipv4-addr:value`, `file:hashes.'SHA-256'`. */
  key: string;
  /** How the value text is read, from the SCO definitions (§6): strings unless they say otherwise. */
  valueKind: 'string' | 'number' | 'boolean';
}

/**
 * Reads the left side of a line: a type (its usual property, `value` unless LINE_PROPERTY says
 * otherwise) or an object path of properties (`file:hashes.'SHA-256'`). Throws PatternError.
 */
export function parseLineTarget(left: string): LineTarget {
  const text = left.trim();
  let path: ObjectPath;
  if (/^[a-z0-9-]+$/.test(text)) {
    path = {
      objectType: text,
      steps: [{ kind: 'property', name: ownEntry(LINE_PROPERTY, text) ?? 'value' }],
    };
  } else {
    const lexer = new Lexer(text);
    path = parsePath({
      source: text,
      lexer,
      maxDepth: DEFAULT_MAX_PATTERN_DEPTH,
      positions: undefined,
    });
    const rest = lexer.peek();
    if (rest.kind !== 'eof')
      fail(text, rest.start, 'syntax', 'expected a comma after the object path');
    if (path.steps.some((s) => s.kind !== 'property'))
      fail(text, 0, 'syntax', 'a line names properties only, no list indexes');
    if (path.steps[0]?.kind === 'property' && path.steps[0].name === 'type')
      fail(
        text,
        text.indexOf(':') + 1,
        'syntax',
        'the type comes before the colon; a path cannot set "type"',
      );
  }
  const spec = pathType(path).spec;
  const valueKind =
    spec?.kind === 'integer' || spec?.kind === 'float'
      ? 'number'
      : spec?.kind === 'boolean'
        ? 'boolean'
        : 'string';
  return { objectType: path.objectType, path, key: printPath(path), valueKind };
}

/** The value text as JSON would carry it: a number or boolean when the property is one and the text reads as one. */
export function lineValue(target: LineTarget, text: string): string | number | boolean {
  if (target.valueKind === 'number' && /^-?\d+(?:\.\d+)?$/.test(text)) return Number(text);
  if (target.valueKind === 'boolean' && (text === 'true' || text === 'false'))
    return text === 'true';
  return text;
}

/** The SCO a line describes: `{ type, <path>: value }`, nested objects for nested properties. */
export function scoOfLine(target: LineTarget, value: string | number | boolean): Sco {
  const sco: Record<string, unknown> = { type: target.objectType };
  const names = target.path.steps.map((step) => (step as { name: string }).name);
  const last = names.pop()!;
  // Defined, not assigned: a step named __proto__ becomes a property (parseLineTarget keeps
  // "type", the one property the SCO already has, out of paths).
  let holder = sco;
  for (const name of names) holder = defineEntry(holder, name, {});
  defineEntry(holder, last, value);
  return sco as Sco;
}

/**
 * A line of `type,value` (or `type:path,value`) as an Observation seen once at an unknown time.
 * Everything after the first comma is the value. Throws PatternError for a malformed line.
 */
export function observationOfLine(line: string): Observation {
  const comma = line.indexOf(',');
  if (comma < 0) fail(line, line.length, 'syntax', "expected 'type,value'");
  const target = parseLineTarget(line.slice(0, comma));
  return observationOfSco(scoOfLine(target, lineValue(target, line.slice(comma + 1))));
}
