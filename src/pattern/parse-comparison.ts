import type {
  ComparisonExpression,
  ComparisonOperator,
  Constant,
  ConstantSet,
  ObjectPath,
  PathStep,
} from './ast.js';
import {
  at,
  consume,
  expected,
  isNext,
  joinOperands,
  type Entry,
  type ParseContext,
} from './parse-context.js';
import { fail } from './pattern-error.js';

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'EXISTS',
  'IN',
  'LIKE',
  'MATCHES',
  'ISSUBSET',
  'ISSUPERSET',
]);
const BOOLEAN_PRECEDENCE = { and: 2, or: 1 } as const;
type BooleanKind = keyof typeof BOOLEAN_PRECEDENCE;
type Pending = { op: BooleanKind; offset: number } | { paren: number };

/**
 * Parses a Comparison Expression after `[` up to and including its `]` (§9.6): `AND` binds
 * tighter than `OR`, both left to right; parentheses group. Iterative, so nesting depth costs
 * heap, not stack; the tree height is still capped by `maxDepth`.
 */
export function parseComparisonExpression(ctx: ParseContext): Entry<ComparisonExpression> {
  const operands: Entry<ComparisonExpression>[] = [];
  const pending: Pending[] = [];
  const reduce = () => {
    const top = pending.pop() as { op: BooleanKind; offset: number };
    const right = operands.pop()!;
    const left = operands.pop()!;
    operands.push(joinOperands(ctx, top.op, left, right, top.offset));
  };
  let expectOperand = true;
  for (;;) {
    const token = ctx.lexer.peek();
    if (expectOperand) {
      if (isNext(ctx, '(')) {
        pending.push({ paren: ctx.lexer.next().start });
        continue;
      }
      if (token.kind === 'word' && token.text === 'EXISTS') {
        ctx.lexer.next();
        const path = parsePath(ctx);
        operands.push({ node: at(ctx, { kind: 'exists', path }, token.start), depth: 1 });
      } else if (token.kind === 'word' && !KEYWORDS.has(token.text)) {
        operands.push({ node: parseComparison(ctx), depth: 1 });
      } else {
        expected(ctx, "an object path such as file:name, EXISTS or '('");
      }
      expectOperand = false;
      continue;
    }
    if (token.kind === 'word' && (token.text === 'AND' || token.text === 'OR')) {
      const op = token.text === 'AND' ? 'and' : 'or';
      ctx.lexer.next();
      for (let top = pending.at(-1); top && 'op' in top; top = pending.at(-1)) {
        if (BOOLEAN_PRECEDENCE[top.op] < BOOLEAN_PRECEDENCE[op]) break;
        reduce();
      }
      pending.push({ op, offset: token.start });
      expectOperand = true;
      continue;
    }
    const open = pending.some((p) => 'paren' in p);
    if (isNext(ctx, ')') && open) {
      ctx.lexer.next();
      while ('op' in pending.at(-1)!) reduce();
      pending.pop();
      continue;
    }
    if (isNext(ctx, ']') && !open) {
      ctx.lexer.next();
      while (pending.length > 0) reduce();
      return operands[0]!;
    }
    expected(ctx, open ? "AND, OR or ')'" : "AND, OR or ']'");
  }
}

/** `object-type:property(.property | [index])*` (§9.7). */
export function parsePath(ctx: ParseContext): ObjectPath {
  const typeToken = ctx.lexer.next();
  if (typeToken.kind !== 'word') expected(ctx, 'an object type such as file', typeToken);
  consume(ctx, ':', "':' after the object type");
  const steps: PathStep[] = [parseProperty(ctx)];
  for (;;) {
    if (steps.length > ctx.maxDepth)
      fail(
        ctx.source,
        typeToken.start,
        'too-deep',
        `object path has more than ${ctx.maxDepth} steps`,
      );
    if (isNext(ctx, '.')) {
      ctx.lexer.next();
      steps.push(parseProperty(ctx));
    } else if (isNext(ctx, '[')) {
      const open = ctx.lexer.next();
      const token = ctx.lexer.next();
      let index: number | '*';
      if (token.kind === 'punct' && token.text === '*') index = '*';
      else if (
        token.kind === 'constant' &&
        token.constant.kind === 'integer' &&
        token.constant.value >= 0
      )
        index = token.constant.value;
      else return expected(ctx, "a list index: a non-negative integer or '*'", token);
      consume(ctx, ']', "']' after the list index");
      steps.push(at(ctx, { kind: 'index', index }, open.start));
    } else break;
  }
  return at(ctx, { objectType: typeToken.text, steps }, typeToken.start);
}

function parseProperty(ctx: ParseContext): PathStep {
  const token = ctx.lexer.next();
  if (token.kind === 'constant' && token.constant.kind === 'string')
    return at(ctx, { kind: 'property', name: token.constant.value }, token.start);
  if (token.kind !== 'word') return expected(ctx, 'a property name', token);
  if (token.text.includes('-'))
    fail(
      ctx.source,
      token.start,
      'unquoted-property',
      `a property name containing '-' must be quoted: '${token.text}' (§9.7)`,
    );
  return at(ctx, { kind: 'property', name: token.text }, token.start);
}

const WORD_OPERATORS = new Set(['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);
const PUNCT_OPERATORS = new Set(['=', '!=', '<', '>', '<=', '>=']);
const OPERATORS = '=, !=, <, >, <=, >=, IN, LIKE, MATCHES, ISSUBSET';

function parseComparison(ctx: ParseContext): ComparisonExpression {
  const path = parsePath(ctx);
  const start = ctx.positions?.get(path) ?? 0;
  let negated = false;
  if (isNext(ctx, 'NOT')) {
    ctx.lexer.next();
    negated = true;
  }
  const token = ctx.lexer.next();
  const operatorText = token.kind === 'word' || token.kind === 'punct' ? token.text : '';
  const isOperator =
    (token.kind === 'word' && WORD_OPERATORS.has(operatorText)) ||
    (token.kind === 'punct' && PUNCT_OPERATORS.has(operatorText));
  if (!isOperator)
    expected(ctx, `${OPERATORS}${negated ? ' or ISSUPERSET' : ', ISSUPERSET or NOT'}`, token);
  const operator = operatorText as ComparisonOperator;
  const valueStart = ctx.lexer.peek().start;
  let value: Constant | ConstantSet;
  if (operator === 'IN') value = parseSet(ctx);
  else if (operator === '=' || operator === '!=') value = parseConstant(ctx, 'a constant');
  else if (operator === '<' || operator === '>' || operator === '<=' || operator === '>=') {
    value = parseConstant(ctx, 'an orderable constant (number, string, timestamp, hex or binary)');
    if (value.kind === 'boolean')
      fail(ctx.source, valueStart, 'syntax', 'booleans cannot be ordered');
  } else {
    value = parseConstant(ctx, `a string constant after ${operator}`);
    if (value.kind !== 'string')
      fail(ctx.source, valueStart, 'syntax', `${operator} takes a string constant`);
  }
  return at(ctx, { kind: 'comparison', path, operator, negated, value }, start);
}

function parseSet(ctx: ParseContext): ConstantSet {
  const open = consume(ctx, '(', "'(' starting the set of constants after IN");
  const values = [parseConstant(ctx, 'a constant')];
  while (isNext(ctx, ',')) {
    ctx.lexer.next();
    values.push(parseConstant(ctx, 'a constant'));
  }
  consume(ctx, ')', "',' or ')'");
  return at(ctx, { kind: 'set', values }, open.start);
}

function parseConstant(ctx: ParseContext, what: string): Constant {
  const token = ctx.lexer.next();
  if (token.kind === 'constant') return at(ctx, token.constant, token.start);
  if (token.kind === 'word' && (token.text === 'true' || token.text === 'false'))
    return at(ctx, { kind: 'boolean', value: token.text === 'true' }, token.start);
  return expected(ctx, what, token);
}
