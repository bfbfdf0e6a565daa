import type { Pattern, PatternNode } from './ast.js';
import {
  compileEvaluator,
  type EvaluateOptions,
  type Evaluation,
  type PatternEvaluator,
} from './compile-evaluator.js';
import { observationsFrom, type Observation } from './observation.js';
import { parsePattern, type ParseOptions } from './parse-pattern.js';
import { PatternError } from './pattern-error.js';
import { printPattern } from './print-pattern.js';
import { checkPattern } from './validate-pattern.js';

/** A valid pattern ready to be evaluated many times. */
export interface CompiledPattern {
  readonly pattern: Pattern;
  /** The canonical text (printPattern). */
  readonly canonical: string;
  /** The object types the pattern mentions: an observation with none of them cannot match. */
  readonly objectTypes: ReadonlySet<string>;
  readonly evaluate: PatternEvaluator;
}

/** The result of matchPattern: an Evaluation plus the ids of the observations involved. */
export interface PatternMatch extends Evaluation {
  /** Ids of the observed-data (or bare SCOs) in any reported binding, in input order. */
  observationIds: string[];
}

/**
 * Parses (when given text), validates and compiles a pattern. Throws PatternError for the first
 * error, syntax or semantic (STIX 2.1 §9.4: an invalid pattern matches nothing); warnings do not
 * stop it.
 */
export function compilePattern(
  pattern: string | Pattern,
  options: ParseOptions = {},
): CompiledPattern {
  const positions = options.positions ?? new WeakMap<PatternNode, number>();
  const source = typeof pattern === 'string' ? pattern : '';
  const tree =
    typeof pattern === 'string' ? parsePattern(pattern, { ...options, positions }) : pattern;
  const error = checkPattern(tree, source, positions).find((d) => d.severity === 'error');
  if (error) throw new PatternError(error);
  return {
    pattern: tree,
    canonical: printPattern(tree),
    objectTypes: objectTypesOf(tree),
    evaluate: compileEvaluator(tree),
  };
}

/**
 * Matches a pattern against STIX objects: observed-data (with `object_refs` to SCOs among
 * `objects`, or the deprecated embedded `objects`) and bare SCOs, each SCO that no
 * observed-data lists counting as one Observation at an unknown time (STIX 2.1 §9).
 * Throws PatternError when the pattern is invalid.
 */
export function matchPattern(
  pattern: string | CompiledPattern,
  objects: Iterable<unknown>,
  options: EvaluateOptions = {},
): PatternMatch {
  const compiled = typeof pattern === 'string' ? compilePattern(pattern) : pattern;
  const observations = observationsFrom(objects);
  return withIds(compiled.evaluate(observations, options), observations);
}

/** Adds the observation ids of each binding to an Evaluation. */
export function withIds(
  evaluation: Evaluation,
  observations: readonly Observation[],
): PatternMatch {
  const used = new Set(evaluation.bindings.flat());
  const observationIds = [...used]
    .sort((a, b) => a - b)
    .map((i) => observations[i]!.id)
    .filter((id): id is string => id !== undefined);
  return { ...evaluation, observationIds };
}

/** Every object type a pattern's comparisons name. */
export function objectTypesOf(pattern: Pattern): Set<string> {
  const types = new Set<string>();
  const stack: unknown[] = [pattern];
  while (stack.length > 0) {
    const node = stack.pop() as {
      kind?: string;
      path?: { objectType: string };
      operands?: unknown[];
      expression?: unknown;
      comparison?: unknown;
    };
    if (node.path) types.add(node.path.objectType);
    for (const operand of node.operands ?? []) stack.push(operand);
    if (node.expression) stack.push(node.expression);
    if (node.comparison) stack.push(node.comparison);
  }
  return types;
}
