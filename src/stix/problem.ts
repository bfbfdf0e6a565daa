/**
 * A problem found in a STIX document. `pointer` is an RFC 6901 JSON pointer into the object
 * that was checked ("" is the whole object); `rule` is a stable id tests and callers can match.
 */
export interface Problem {
  severity: 'error' | 'warning';
  pointer: string;
  rule: string;
  message: string;
}

/** Result of validating one object: errors make it invalid; warnings do not. */
export interface ValidationResult {
  errors: Problem[];
  warnings: Problem[];
}
