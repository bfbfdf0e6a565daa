/**
 * STIX 2.1 patterning (§9): parse, print, validate, match, and match in bulk. Pure: no I/O,
 * no clock. See README.md.
 */
export type * from './ast.js';
export {
  parsePattern,
  DEFAULT_MAX_PATTERN_DEPTH,
  DEFAULT_MAX_PATTERN_LENGTH,
  type ParseOptions,
} from './parse-pattern.js';
export { printPattern, printPath, printConstant } from './print-pattern.js';
export { describeTree } from './describe-tree.js';
export { validatePattern, checkPattern, type PatternValidation } from './validate-pattern.js';
export {
  compilePattern,
  matchPattern,
  type CompiledPattern,
  type PatternMatch,
} from './match-pattern.js';
export type { EvaluateOptions, Evaluation } from './compile-evaluator.js';
export {
  compileBulkMatcher,
  BulkMatcher,
  type BulkMatcherStats,
  type IndicatorInput,
} from './bulk-matcher.js';
export {
  isSco,
  observationOfObservedData,
  observationOfSco,
  observationsFrom,
  type Observation,
  type Sco,
} from './observation.js';
export { observationOfLine, parseLineTarget, LINE_PROPERTY } from './observation-line.js';
export { PatternError, type PatternDiagnostic, type SourcePosition } from './pattern-error.js';
