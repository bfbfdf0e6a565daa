import type { ComparisonExpression, ObservationExpression, Pattern, Qualifier } from './ast.js';
import { printConstant, printPath } from './print-pattern.js';

/**
 * The tree of a pattern as an S-expression with every grouping explicit, e.g.
 * `(FOLLOWEDBY [a:b = 1] (WITHIN 5 (AND [a:b = 2] [a:b = 3])))`: how the parser applied the
 * precedence of STIX 2.1 §9.5.3 and §9.6. For tests and debugging.
 */
export function describeTree(pattern: Pattern): string {
  return observation(pattern);
}

const OBSERVATION_NAMES = {
  'observation-and': 'AND',
  'observation-or': 'OR',
  followedby: 'FOLLOWEDBY',
};

function observation(node: ObservationExpression): string {
  switch (node.kind) {
    case 'observation':
      return `[${comparison(node.comparison)}]`;
    case 'qualified':
      return `(${qualifier(node.qualifier)} ${observation(node.expression)})`;
    default:
      return `(${OBSERVATION_NAMES[node.kind]} ${node.operands.map(observation).join(' ')})`;
  }
}

function qualifier(q: Qualifier): string {
  if (q.kind === 'within') return `WITHIN ${q.seconds}`;
  if (q.kind === 'repeats') return `REPEATS ${q.times}`;
  return `START ${q.start} STOP ${q.stop}`;
}

function comparison(node: ComparisonExpression): string {
  switch (node.kind) {
    case 'exists':
      return `EXISTS ${printPath(node.path)}`;
    case 'comparison': {
      const value =
        node.value.kind === 'set'
          ? `(${node.value.values.map(printConstant).join(', ')})`
          : printConstant(node.value);
      return `${printPath(node.path)} ${node.negated ? 'NOT ' : ''}${node.operator} ${value}`;
    }
    default:
      return `(${node.kind.toUpperCase()} ${node.operands.map((o) => (o.kind === 'and' || o.kind === 'or' ? comparison(o) : `{${comparison(o)}}`)).join(' ')})`;
  }
}
