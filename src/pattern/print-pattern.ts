import type {
  ComparisonExpression,
  Constant,
  ConstantSet,
  ObjectPath,
  ObservationExpression,
  Pattern,
  Qualifier,
} from './ast.js';
import { formatFloat } from './constants.js';

const OBSERVATION_KEYWORD = {
  'observation-and': 'AND',
  'observation-or': 'OR',
  followedby: 'FOLLOWEDBY',
} as const;
const OBSERVATION_PRECEDENCE = { 'observation-and': 3, 'observation-or': 2, followedby: 1 };

/**
 * The canonical text of a pattern: single spaces around operators, no spaces inside brackets,
 * only the parentheses the tree needs, strings quoted with `\'` and `\\` escapes, floats with a
 * full stop and no exponent. `parsePattern(printPattern(p))` gives back `p` (§9).
 */
export function printPattern(pattern: Pattern): string {
  return printObservation(pattern);
}

function printObservation(node: ObservationExpression): string {
  switch (node.kind) {
    case 'observation':
      return `[${printComparisonExpression(node.comparison)}]`;
    case 'qualified': {
      // A qualifier follows an observation expression or a parenthesized group (§9.5.1).
      const inner = node.expression;
      const text = printObservation(inner);
      const grouped =
        inner.kind === 'observation' || inner.kind === 'qualified' ? text : `(${text})`;
      return `${grouped} ${printQualifier(node.qualifier)}`;
    }
    default: {
      const precedence = OBSERVATION_PRECEDENCE[node.kind];
      return node.operands
        .map((operand) => {
          const text = printObservation(operand);
          const needsParens =
            operand.kind === node.kind ||
            (operand.kind !== 'observation' &&
              operand.kind !== 'qualified' &&
              OBSERVATION_PRECEDENCE[operand.kind] < precedence);
          return needsParens ? `(${text})` : text;
        })
        .join(` ${OBSERVATION_KEYWORD[node.kind]} `);
    }
  }
}

function printQualifier(qualifier: Qualifier): string {
  switch (qualifier.kind) {
    case 'within':
      return `WITHIN ${printNumber(qualifier.seconds, Number.isInteger(qualifier.seconds))} SECONDS`;
    case 'repeats':
      return `REPEATS ${qualifier.times} TIMES`;
    case 'start-stop':
      return `START t'${qualifier.start}' STOP t'${qualifier.stop}'`;
  }
}

function printComparisonExpression(node: ComparisonExpression): string {
  switch (node.kind) {
    case 'exists':
      return `EXISTS ${printPath(node.path)}`;
    case 'comparison': {
      const not = node.negated ? 'NOT ' : '';
      return `${printPath(node.path)} ${not}${node.operator} ${printValue(node.value)}`;
    }
    default:
      return node.operands
        .map((operand) => {
          const text = printComparisonExpression(operand);
          // AND binds tighter than OR; a same-kind operand only arises from a hand-built tree.
          const needsParens =
            operand.kind === node.kind || (node.kind === 'and' && operand.kind === 'or');
          return needsParens ? `(${text})` : text;
        })
        .join(node.kind === 'and' ? ' AND ' : ' OR ');
  }
}

const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `type:prop.'quoted-name'[0][*]` (§9.7). */
export function printPath(path: ObjectPath): string {
  let text = `${path.objectType}:`;
  path.steps.forEach((step, i) => {
    if (step.kind === 'index') text += `[${step.index}]`;
    else {
      const name = BARE_NAME.test(step.name) ? step.name : quote(step.name);
      text += i === 0 ? name : `.${name}`;
    }
  });
  return text;
}

function printValue(value: Constant | ConstantSet): string {
  return value.kind === 'set'
    ? `(${value.values.map(printConstant).join(', ')})`
    : printConstant(value);
}

/** A constant in pattern syntax (§9.2). */
export function printConstant(constant: Constant): string {
  switch (constant.kind) {
    case 'string':
      return quote(constant.value);
    case 'integer':
      return printNumber(constant.value, true);
    case 'float':
      return printNumber(constant.value, false);
    case 'boolean':
      return String(constant.value);
    case 'timestamp':
      return `t'${constant.value}'`;
    case 'hex':
      return `h'${constant.value}'`;
    case 'binary':
      return `b'${constant.value}'`;
  }
}

function printNumber(value: number, integer: boolean): string {
  return integer ? String(value) : formatFloat(value);
}

function quote(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}
