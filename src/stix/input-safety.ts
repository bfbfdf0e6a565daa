import type { Problem } from './problem.js';

/** Deepest nesting of arrays and objects accepted in one STIX object. */
export const MAX_DEPTH = 64;

/** RFC 6901 pointer segment escaping. */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A container on the walk stack; `parent` links let a pointer be built only when needed. */
interface Frame {
  value: object;
  depth: number;
  parent: Frame | undefined;
  key: string | number;
}

function pointerOf(frame: Frame | undefined, last?: string | number): string {
  const segments: (string | number)[] = last === undefined ? [] : [last];
  for (let f = frame; f && f.parent; f = f.parent) segments.push(f.key);
  return segments
    .reverse()
    .map((s) => `/${pointerSegment(s)}`)
    .join('');
}

/**
 * Checks what every stored value must satisfy whatever its type: nesting at most
 * {@link MAX_DEPTH} levels, and no string or key holding U+0000 or a lone UTF-16 surrogate
 * (neither is representable in PostgreSQL text or jsonb, and both are usually an attack or a
 * broken encoder). Iterative, so a 10,000-level document cannot overflow the stack.
 */
export function inputSafetyProblems(root: unknown): Problem[] {
  const problems: Problem[] = [];
  if (typeof root !== 'object' || root === null) return problems;
  const stack: Frame[] = [{ value: root, depth: 0, parent: undefined, key: '' }];
  while (stack.length > 0 && problems.length < 20) {
    const frame = stack.pop()!;
    if (frame.depth >= MAX_DEPTH) {
      problems.push({
        severity: 'error',
        pointer: pointerOf(frame),
        rule: 'too-deep',
        message: `Nesting is deeper than ${MAX_DEPTH} levels; STIX objects are never that deep.`,
      });
      continue;
    }
    if (Array.isArray(frame.value)) {
      const list = frame.value as unknown[];
      for (let i = 0; i < list.length; i++) visit(list[i], i, frame, stack, problems);
      continue;
    }
    const record = frame.value as Record<string, unknown>;
    for (const key in record) {
      if (!isSafeString(key)) report(key, pointerOf(frame, key), problems, 'property name');
      visit(record[key], key, frame, stack, problems);
    }
  }
  return problems;
}

function visit(
  value: unknown,
  key: string | number,
  parent: Frame,
  stack: Frame[],
  problems: Problem[],
): void {
  if (typeof value === 'string') {
    if (!isSafeString(value)) report(value, pointerOf(parent, key), problems, 'string');
  } else if (typeof value === 'object' && value !== null) {
    stack.push({ value, depth: parent.depth + 1, parent, key });
  }
}

function isSafeString(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

function report(text: string, pointer: string, problems: Problem[], what: string): void {
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
