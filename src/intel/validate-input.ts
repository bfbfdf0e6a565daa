import { validatePattern, type PatternDiagnostic } from '../pattern/index.js';
import type { Problem, ValidationResult } from '../stix/problem.js';
import { validateStixObject } from '../stix/validate.js';

/**
 * What ingest checks in one received object: the STIX 2.1 object rules (`stix/validate.ts`)
 * and, for an indicator whose `pattern_type` is `stix`, its pattern (STIX 2.1 §9, through
 * `pattern/`): a pattern that cannot be parsed, or breaks a rule of §9, is an error at
 * `/pattern`, so nothing downstream (matching, blocklists, IDS rules) receives it. Patterns of
 * other languages (SNORT, YARA, …) are not checked. `stringsChecked`: see `validateStixObject`.
 */
export function validateForIngest(
  value: unknown,
  options: { stringsChecked?: boolean } = {},
): ValidationResult {
  const result = validateStixObject(value, options);
  if (result.errors.length > 0) return result;
  const { type, pattern_type, pattern } = value as Record<string, unknown>;
  if (type !== 'indicator' || pattern_type !== 'stix' || typeof pattern !== 'string') return result;
  // Ingest keeps the pattern as received: no canonical form to print.
  const checked = validatePattern(pattern, { canonical: false });
  if (checked.errors.length === 0 && checked.warnings.length === 0) return result;
  return {
    errors: checked.errors.map(problemOf),
    warnings: [...result.warnings, ...checked.warnings.map(problemOf)],
  };
}

function problemOf(diagnostic: PatternDiagnostic): Problem {
  return {
    severity: diagnostic.severity,
    pointer: '/pattern',
    rule: `pattern-${diagnostic.rule}`,
    message: `STIX pattern, line ${diagnostic.line}, column ${diagnostic.column}: ${diagnostic.message}`,
  };
}
