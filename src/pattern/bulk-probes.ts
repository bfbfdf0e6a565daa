import type {
  Comparison,
  ComparisonExpression,
  Constant,
  ObjectPath,
  ObservationExpression,
  Pattern,
} from './ast.js';
import { parseIpRange, type IpRange } from './ip-address.js';

/** An index lookup that every observation matching a pattern must hit. */
export type Probe =
  | {
      kind: 'equal';
      path: ObjectPath;
      constant: Constant & { kind: 'string' | 'integer' | 'float' | 'boolean' };
    }
  | { kind: 'within'; path: ObjectPath; range: IpRange };

/** How the bulk matcher finds a pattern's candidates. */
export interface ProbePlan {
  /** Undefined when no index applies: the pattern is evaluated for every observation with one of its object types. */
  probes: Probe[] | undefined;
  /** True when a probe hit alone proves the match (a single Observation Expression of indexable comparisons joined by OR). */
  exact: boolean;
}

const isBinaryName = (name: string) => name.endsWith('_bin') || name.endsWith('_hex');

/** The probes of one comparison, or undefined when it cannot be looked up in an index. */
function comparisonProbes(node: Comparison): Probe[] | undefined {
  if (node.negated) return undefined;
  const last = node.path.steps.findLast((s) => s.kind === 'property');
  if (last?.kind === 'property' && isBinaryName(last.name)) return undefined; // compared as octets
  if (node.operator === 'ISSUBSET' && node.value.kind === 'string') {
    const range = parseIpRange(node.value.value);
    return range ? [{ kind: 'within', path: node.path, range }] : undefined;
  }
  const constants =
    node.operator === 'IN' && node.value.kind === 'set'
      ? node.value.values
      : node.operator === '='
        ? [node.value]
        : [];
  if (constants.length === 0) return undefined;
  const probes: Probe[] = [];
  for (const constant of constants) {
    if (
      constant.kind !== 'string' &&
      constant.kind !== 'integer' &&
      constant.kind !== 'float' &&
      constant.kind !== 'boolean'
    )
      return undefined;
    probes.push({ kind: 'equal', path: node.path, constant });
  }
  return probes;
}

/** Prefers fewer probes, and equality over ranges (a range can hit many observations). */
function cost(probes: Probe[]): number {
  return probes.reduce((sum, p) => sum + (p.kind === 'equal' ? 1 : 4), 0);
}

function cheapest(options: (Probe[] | undefined)[]): Probe[] | undefined {
  let best: Probe[] | undefined;
  for (const option of options) if (option && (!best || cost(option) < cost(best))) best = option;
  return best;
}

function union(options: (Probe[] | undefined)[]): Probe[] | undefined {
  return options.every((o) => o !== undefined) ? options.flat() : undefined;
}

function expressionProbes(node: ComparisonExpression): Probe[] | undefined {
  switch (node.kind) {
    case 'comparison':
      return comparisonProbes(node);
    case 'exists':
      return undefined;
    case 'and':
      return cheapest(node.operands.map(expressionProbes)); // each operand must hold
    case 'or':
      return union(node.operands.map(expressionProbes)); // any operand may hold
  }
}

function observationProbes(node: ObservationExpression): Probe[] | undefined {
  switch (node.kind) {
    case 'observation':
      return expressionProbes(node.comparison);
    case 'qualified':
      return observationProbes(node.expression); // qualifiers only remove matches
    case 'observation-or':
      return union(node.operands.map(observationProbes));
    default:
      return cheapest(node.operands.map(observationProbes)); // AND, FOLLOWEDBY: every operand must match
  }
}

/**
 * Plans how to find a pattern's candidates among observations: a set of probes such that an
 * observation the pattern matches (on its own) hits at least one. Equality (`=`, `IN`) on
 * strings, numbers and booleans becomes hash-map probes; `ISSUBSET` an interval probe;
 * `NOT`, ordering, `LIKE`, `MATCHES`, `EXISTS`, `ISSUPERSET` and binary properties have none.
 */
export function planProbes(pattern: Pattern): ProbePlan {
  const probes = observationProbes(pattern);
  const comparison = pattern.kind === 'observation' ? pattern.comparison : undefined;
  const operands = comparison?.kind === 'or' ? comparison.operands : comparison ? [comparison] : [];
  const exact =
    probes !== undefined &&
    operands.length > 0 &&
    operands.every((o) => o.kind === 'comparison' && comparisonProbes(o) !== undefined);
  return { probes, exact };
}
