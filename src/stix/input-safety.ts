import type { Problem } from './problem.js';

/** Deepest nesting of arrays and objects accepted in one STIX object (the root is level 0). */
export const MAX_DEPTH = 64;

/** The walk stops reporting after this many problems: one hostile document, one short answer. */
const MAX_PROBLEMS = 20;

/** RFC 6901 pointer segment escaping (`~` → `~0`, `/` → `~1`). */
const TILDE = /~/g;
const SLASH = /\//g;

export function pointerSegment(key: string | number): string {
  if (typeof key === 'number') return String(key);
  return key.includes('~') || key.includes('/')
    ? key.replace(TILDE, '~0').replace(SLASH, '~1')
    : key;
}

function pointerOf(path: readonly (string | number)[], last?: string | number): string {
  let pointer = '';
  for (const segment of path) pointer += `/${pointerSegment(segment)}`;
  return last === undefined ? pointer : `${pointer}/${pointerSegment(last)}`;
}

/**
 * Checks what every stored value must satisfy whatever its type: nesting at most
 * {@link MAX_DEPTH} levels, and no string or key holding U+0000 or a lone UTF-16 surrogate
 * (neither is representable in PostgreSQL text or jsonb, and both are usually an attack or a
 * broken encoder). The walk is depth-bounded (it never descends below {@link MAX_DEPTH}), so a
 * 10,000-level document cannot overflow the stack. Reports at most 20 problems.
 */
export function inputSafetyProblems(
  root: unknown,
  options: { stringsChecked?: boolean } = {},
): Problem[] {
  const problems: Problem[] = [];
  if (typeof root === 'object' && root !== null && (!options.stringsChecked || tooDeep(root, 0)))
    walk(root, 0, [], problems);
  return problems;
}

/**
 * Whether every string and property name parsed from this JSON text is free of U+0000 and lone
 * surrogates, told from the text alone (three native scans, far cheaper than checking each
 * string once parsed): a string value is its literal characters, whose surrogate pairs a
 * well-formed text keeps whole, plus its escapes; without any `\u` escape (or what looks like
 * one), no escape yields either character. False means: check each string (`inputSafetyProblems`).
 */
export function textHasSafeStrings(text: string): boolean {
  return !text.includes('\\u') && !text.includes('\u0000') && text.isWellFormed();
}

function walk(node: object, depth: number, path: (string | number)[], problems: Problem[]): void {
  if (problems.length >= MAX_PROBLEMS) return;
  if (depth >= MAX_DEPTH) {
    problems.push({
      severity: 'error',
      pointer: pointerOf(path),
      rule: 'too-deep',
      message: `Nesting is deeper than ${MAX_DEPTH} levels; STIX objects are never that deep.`,
    });
    return;
  }
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) visit(node[i], i, depth, path, problems);
    return;
  }
  const record = node as Record<string, unknown>;
  for (const key in record) {
    if (!isSafe(key)) reportString(key, pointerOf(path, key), 'property name', problems);
    visit(record[key], key, depth, path, problems);
  }
}

/**
 * Whether anything under `node` is nested {@link MAX_DEPTH} levels deep or more: the depth check
 * of {@link walk} alone, for values whose strings are known safe; {@link walk} then says where.
 */
function tooDeep(node: object, depth: number): boolean {
  if (depth >= MAX_DEPTH) return true;
  const values: unknown[] = Array.isArray(node) ? (node as unknown[]) : Object.values(node);
  for (const value of values)
    if (typeof value === 'object' && value !== null && tooDeep(value, depth + 1)) return true;
  return false;
}

function visit(
  value: unknown,
  key: string | number,
  depth: number,
  path: (string | number)[],
  problems: Problem[],
): void {
  if (typeof value === 'string') {
    if (!isSafe(value)) reportString(value, pointerOf(path, key), 'string', problems);
  } else if (typeof value === 'object' && value !== null) {
    path.push(key);
    walk(value, depth + 1, path, problems);
    path.pop();
  }
}

/** Two native scans beat one regular expression or a JavaScript loop on typical strings. */
function isSafe(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

function reportString(text: string, pointer: string, what: string, problems: Problem[]): void {
  if (text.includes('\u0000')) {
    problems.push({
      severity: 'error',
      pointer,
      rule: 'string-nul',
      message: `The ${what} contains a NUL character (U+0000), which is not allowed.`,
    });
  }
  if (!text.isWellFormed()) {
    problems.push({
      severity: 'error',
      pointer,
      rule: 'string-lone-surrogate',
      message: `The ${what} contains a lone UTF-16 surrogate (invalid Unicode).`,
    });
  }
}
