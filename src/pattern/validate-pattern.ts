import type {
  Comparison,
  Exists,
  ComparisonExpression,
  Constant,
  ObservationExpression,
  Pattern,
  PatternNode,
  Qualifier,
} from './ast.js';
import { timestampMillis } from './constants.js';
import { parseIpRange } from './ip-address.js';
import { parsePattern, type ParseOptions } from './parse-pattern.js';
import { describeSpec, pathType } from './path-types.js';
import { diagnosticAt, PatternError, type PatternDiagnostic } from './pattern-error.js';
import { printPattern } from './print-pattern.js';
import { LinearRegex } from './linear-regex.js';
import { RegexSyntaxError } from './regex-syntax.js';
import { NON_SCO_TYPES, SCO_PROPERTIES, type PropertySpec } from './sco-definitions.js';
import { ownEntry } from '../stix/own-entry.js';

/**
 * The outcome of validatePattern. `pattern` is set when the syntax is valid, and so is
 * `canonical` unless the caller asked for none.
 */
export interface PatternValidation {
  valid: boolean;
  pattern: Pattern | undefined;
  /** printPattern of the tree: the canonical form. */
  canonical: string | undefined;
  errors: PatternDiagnostic[];
  warnings: PatternDiagnostic[];
}

/**
 * Parses and checks a pattern (STIX 2.1 §9): syntax and constants, then the rules the parser
 * cannot see: object types are SCO types (§6; unknown custom types and properties are
 * warnings), operands of an Observation Expression's AND can hold for one object (§9.5), one
 * qualifier of each kind (§9.5.1), set operators on IP values with valid CIDR constants, IN
 * sets of one type (§9.6.1), MATCHES within the supported PCRE subset, and constants whose
 * type can be compared with the property's (§9.2; a mismatch is a warning: it never matches).
 * Never throws.
 */
export function validatePattern(
  source: string,
  options: ParseOptions & {
    /** Print the canonical form (a third of the cost for short patterns). Default true. */
    canonical?: boolean;
  } = {},
): PatternValidation {
  const positions = options.positions ?? new WeakMap<PatternNode, number>();
  let pattern: Pattern;
  try {
    pattern = parsePattern(source, { ...options, positions });
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    return {
      valid: false,
      pattern: undefined,
      canonical: undefined,
      errors: [error.diagnostic],
      warnings: [],
    };
  }
  const diagnostics = checkPattern(pattern, source, positions);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return {
    valid: errors.length === 0,
    pattern,
    canonical: options.canonical === false ? undefined : printPattern(pattern),
    errors,
    warnings: diagnostics.filter((d) => d.severity === 'warning'),
  };
}

/**
 * The semantic diagnostics of a parsed pattern. `source` and `positions` (from parsePattern's
 * options) place them; without them every diagnostic is at line 1, column 1.
 */
export function checkPattern(
  pattern: Pattern,
  source = '',
  positions?: WeakMap<PatternNode, number>,
): PatternDiagnostic[] {
  const out: PatternDiagnostic[] = [];
  const report = (
    node: PatternNode | undefined,
    severity: 'error' | 'warning',
    rule: string,
    message: string,
  ) => out.push(diagnosticAt(source, (node && positions?.get(node)) ?? 0, severity, rule, message));

  const checkedTypes = new Set<string>();
  const observation = (node: ObservationExpression): void => {
    if (node.kind === 'observation') return comparisonExpression(node.comparison);
    if (node.kind !== 'qualified') return node.operands.forEach(observation);
    const chain: Qualifier[] = [];
    let inner: ObservationExpression = node;
    for (; inner.kind === 'qualified'; inner = inner.expression) chain.unshift(inner.qualifier);
    const seen = new Set<string>();
    for (const q of chain) {
      if (seen.has(q.kind))
        report(
          q,
          'error',
          'duplicate-qualifier',
          `an Observation Expression may have only one ${q.kind === 'start-stop' ? 'START/STOP' : q.kind.toUpperCase()} qualifier (§9.5.1)`,
        );
      seen.add(q.kind);
      if (q.kind === 'start-stop' && timestampMillis(q.start)! >= timestampMillis(q.stop)!)
        report(q, 'warning', 'empty-interval', 'STOP is not later than START: nothing can match');
    }
    observation(inner);
  };

  const comparisonExpression = (node: ComparisonExpression): void => {
    if (node.kind === 'comparison' || node.kind === 'exists') return leaf(node);
    node.operands.forEach(comparisonExpression);
    if (node.kind === 'and' && intersection(node.operands.map(objectTypes)).size === 0)
      report(
        node,
        'error',
        'and-object-types',
        'the operands of AND in an Observation Expression must be able to hold for the same object; join comparisons of different object types with OR (§9.5)',
      );
  };

  const leaf = (node: Comparison | Exists): void => {
    const type = node.path.objectType;
    if (!checkedTypes.has(type)) {
      checkedTypes.add(type);
      if (
        !/^[a-z0-9-]{3,250}$/.test(type) ||
        type.startsWith('-') ||
        type.endsWith('-') ||
        type.includes('--')
      )
        report(
          node.path,
          'error',
          'object-type',
          `'${type}' is not a valid STIX type name (3-250 characters a-z, 0-9 and single hyphens, §3.1)`,
        );
      else if (NON_SCO_TYPES.has(type))
        report(
          node.path,
          'error',
          'object-type',
          `'${type}' is not a Cyber-observable Object type; patterns match SCOs (§6, §9.7)`,
        );
      else if (!ownEntry(SCO_PROPERTIES, type))
        report(
          node.path,
          'warning',
          'unknown-type',
          `'${type}' is not a STIX 2.1 SCO type (custom object?)`,
        );
    }
    const { spec, notes } = pathType(node.path);
    for (const note of notes) report(note.step ?? node.path, 'warning', note.rule, note.message);
    if (node.kind === 'comparison') comparison(node, spec);
  };

  const comparison = (node: Comparison, spec: PropertySpec | undefined): void => {
    const { operator, value } = node;
    const last = node.path.steps.findLast((s) => s.kind === 'property');
    if (operator === 'ISSUBSET' || operator === 'ISSUPERSET') {
      const direct = node.path.steps.length === 1;
      const ipType = node.path.objectType === 'ipv4-addr' || node.path.objectType === 'ipv6-addr';
      if (last?.kind !== 'property' || last.name !== 'value' || (direct && !ipType))
        report(
          node.path,
          'error',
          'set-operator-path',
          `${operator} applies to the value of an ipv4-addr or ipv6-addr object (§9.6.1)`,
        );
      if (value.kind === 'string' && !parseIpRange(value.value))
        report(
          value,
          'error',
          'invalid-cidr',
          `'${value.value}' is not an IPv4 or IPv6 address or CIDR block`,
        );
    }
    if (operator === 'MATCHES' && value.kind === 'string') {
      try {
        new LinearRegex(value.value);
      } catch (error) {
        if (!(error instanceof RegexSyntaxError)) throw error;
        report(
          value,
          'error',
          'regex',
          `regular expression not supported: ${error.message} (at character ${error.offset + 1}); see src/pattern/README.md for the supported PCRE subset`,
        );
      }
    }
    const constants = value.kind === 'set' ? value.values : [value];
    if (
      value.kind === 'set' &&
      new Set(constants.map((c) => (c.kind === 'float' ? 'integer' : c.kind))).size > 1
    )
      report(
        value,
        'error',
        'mixed-set',
        'the constants of an IN set must all be of one type (§9.6.1)',
      );
    if (
      spec &&
      (operator === 'LIKE' || operator === 'MATCHES') &&
      !['string', 'binary', 'hex', 'ref'].includes(spec.kind)
    )
      report(
        node,
        'warning',
        'type-mismatch',
        `${operator} compares strings, but this property is ${describeSpec(spec)}: it never matches`,
      );
    else if (spec) {
      const bad = constants.find((c) => !comparable(spec, c));
      if (bad) report(bad, 'warning', 'type-mismatch', mismatch(spec, bad));
    }
  };

  observation(pattern);
  return out;
}

/** The object types a Comparison Expression can hold for. */
function objectTypes(node: ComparisonExpression): Set<string> {
  if (node.kind === 'comparison' || node.kind === 'exists') return new Set([node.path.objectType]);
  const sets = node.operands.map(objectTypes);
  return node.kind === 'or' ? new Set(sets.flatMap((s) => [...s])) : intersection(sets);
}

function intersection(sets: Set<string>[]): Set<string> {
  return sets.reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
}

/** Whether a constant's type can be compared with a property's (§9.2 "STIX Comparable Data Types"). */
function comparable(spec: PropertySpec, constant: Constant): boolean {
  switch (spec.kind) {
    case 'string':
    case 'ref':
    case 'binary':
    case 'hex':
      return constant.kind === 'string' || constant.kind === 'hex' || constant.kind === 'binary';
    case 'integer':
    case 'float':
      return constant.kind === 'integer' || constant.kind === 'float';
    case 'boolean':
      return constant.kind === 'boolean';
    case 'timestamp':
      return constant.kind === 'timestamp' || constant.kind === 'string';
    default:
      return false;
  }
}

function mismatch(spec: PropertySpec, constant: Constant): string {
  return `this property is ${describeSpec(spec)} and the constant is ${constant.kind === 'integer' ? 'an integer' : `a ${constant.kind}`}: they are never equal (§9.6.1)`;
}
