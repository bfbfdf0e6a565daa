import type { Problem } from './problem.js';

/** Deepest nesting of arrays and objects accepted in one STIX object. */
export const MAX_DEPTH = 64;

/** RFC 6901 pointer segment escaping. */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Checks what every stored value must satisfy whatever its type: nesting at most
 * {@link MAX_DEPTH} levels, and no string or key holding U+0000 or a lone UTF-16 surrogate
 * (neither is representable in PostgreSQL text or jsonb, and both are usually an attack or a
 * broken encoder). Iterative, so a 10,000-level document cannot overflow the stack.
 */
export function inputSafetyProblems(root: unknown): Problem[] {
  const problems: Problem[] = [];
  const stack: [unknown, string, number][] = [[root, '', 0]];
  while (stack.length > 0 && problems.length < 20) {
    const [value, pointer, depth] = stack.pop()!;
    if (typeof value === 'string') {
      checkString(value, pointer, problems);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) {
      problems.push({
        severity: 'error',
        pointer,
        rule: 'too-deep',
        message: `Nesting is deeper than ${MAX_DEPTH} levels; STIX objects are never that deep.`,
      });
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push([value[i], `${pointer}/${i}`, depth + 1]);
      continue;
    }
    for (const key of Object.keys(value)) {
      const child = `${pointer}/${pointerSegment(key)}`;
      checkString(key, child, problems, 'property name');
      stack.push([(value as Record<string, unknown>)[key], child, depth + 1]);
    }
  }
  return problems;
}

function checkString(text: string, pointer: string, problems: Problem[], what = 'string'): void {
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
