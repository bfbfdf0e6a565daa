/** Where something is in a pattern: 1-based line and column (in code points), 0-based offset. */
export interface SourcePosition {
  offset: number;
  line: number;
  column: number;
}

/** A finding about a pattern. `rule` is a stable id that callers and tests can match on. */
export interface PatternDiagnostic extends SourcePosition {
  severity: 'error' | 'warning';
  rule: string;
  message: string;
}

/**
 * A pattern that cannot be parsed or is invalid (STIX 2.1 §9.4: an invalid pattern MUST NOT
 * match any Observation). The message starts with the line and column.
 */
export class PatternError extends Error {
  readonly id = 'pattern-invalid';
  readonly diagnostic: PatternDiagnostic;

  constructor(diagnostic: PatternDiagnostic) {
    super(`line ${diagnostic.line}, column ${diagnostic.column}: ${diagnostic.message}`);
    this.name = 'PatternError';
    this.diagnostic = diagnostic;
  }
}

/** The line and column of `offset` in `source`; line breaks are LF, CR LF or CR. */
export function positionAt(source: string, offset: number): SourcePosition {
  let line = 1;
  let column = 1;
  const end = Math.min(offset, source.length);
  for (let i = 0; i < end; i++) {
    const code = source.charCodeAt(i);
    if (code === 10 || (code === 13 && source.charCodeAt(i + 1) !== 10)) {
      line++;
      column = 1;
    } else if (code < 0xdc00 || code > 0xdfff) {
      column++; // a low surrogate continues the code point its high surrogate started
    }
  }
  return { offset, line, column };
}

/** A diagnostic at `offset` of `source`. */
export function diagnosticAt(
  source: string,
  offset: number,
  severity: 'error' | 'warning',
  rule: string,
  message: string,
): PatternDiagnostic {
  return { ...positionAt(source, offset), severity, rule, message };
}

/** Throws a PatternError at `offset`. */
export function fail(source: string, offset: number, rule: string, message: string): never {
  throw new PatternError(diagnosticAt(source, offset, 'error', rule, message));
}
