import type { ObservationExpression, Pattern, PatternNode, Qualifier } from './ast.js';
import { Lexer } from './lexer.js';
import { parseComparisonExpression } from './parse-comparison.js';
import {
  at,
  checkDepth,
  consume,
  expected,
  isNext,
  joinOperands,
  type Entry,
  type ParseContext,
} from './parse-context.js';
import { fail } from './pattern-error.js';
import { ownEntry } from '../stix/own-entry.js';

/** Limits and extras for parsePattern. */
export interface ParseOptions {
  /** Longest accepted pattern, in UTF-16 code units. Default 4 Mi (4,194,304). */
  maxLength?: number;
  /** Highest accepted tree (parentheses that flatten away do not count). Default 256. */
  maxDepth?: number;
  /** Filled with the source offset where each node starts, for diagnostics. */
  positions?: WeakMap<PatternNode, number>;
}

/** Default for ParseOptions.maxLength. */
export const DEFAULT_MAX_PATTERN_LENGTH = 4 * 1024 * 1024;
/** Default for ParseOptions.maxDepth. */
export const DEFAULT_MAX_PATTERN_DEPTH = 256;

type ObservationOp = 'observation-and' | 'observation-or' | 'followedby';
const OPERATORS: Record<string, ObservationOp> = {
  AND: 'observation-and',
  OR: 'observation-or',
  FOLLOWEDBY: 'followedby',
};
/** Higher binds tighter (§9.5.3): AND, then OR, then FOLLOWEDBY; qualifiers bind tightest. */
const PRECEDENCE: Record<ObservationOp, number> = {
  'observation-and': 3,
  'observation-or': 2,
  followedby: 1,
};
type Pending = { op: ObservationOp; offset: number } | { paren: number };

/**
 * Parses a STIX 2.1 pattern (§9) into its tree. Throws PatternError, whose message starts with
 * the line and column and says what was expected. Syntax and constants only: object types,
 * properties and the other semantic rules are validatePattern's job.
 */
export function parsePattern(source: string, options: ParseOptions = {}): Pattern {
  const maxLength = options.maxLength ?? DEFAULT_MAX_PATTERN_LENGTH;
  if (source.length > maxLength)
    fail(
      source,
      maxLength,
      'too-long',
      `pattern is ${source.length} characters long, more than the limit of ${maxLength}`,
    );
  const ctx: ParseContext = {
    source,
    lexer: new Lexer(source),
    maxDepth: options.maxDepth ?? DEFAULT_MAX_PATTERN_DEPTH,
    positions: options.positions,
  };
  const operands: Entry<ObservationExpression>[] = [];
  const pending: Pending[] = [];
  const reduce = () => {
    const top = pending.pop() as { op: ObservationOp; offset: number };
    const right = operands.pop()!;
    const left = operands.pop()!;
    operands.push(joinOperands(ctx, top.op, left, right, top.offset));
  };
  let expectOperand = true;
  for (;;) {
    const token = ctx.lexer.peek();
    if (expectOperand) {
      if (isNext(ctx, '(')) pending.push({ paren: ctx.lexer.next().start });
      else if (isNext(ctx, '[')) {
        ctx.lexer.next();
        const inner = parseComparisonExpression(ctx);
        const node = at(ctx, { kind: 'observation', comparison: inner.node }, token.start);
        checkDepth(ctx, inner.depth + 1, token.start);
        operands.push({ node, depth: inner.depth + 1 });
        expectOperand = false;
      } else expected(ctx, "'[' or '('");
      continue;
    }
    if (token.kind === 'word' && QUALIFIERS.has(token.text)) {
      const qualifier = parseQualifier(ctx);
      const operand = operands.pop()!;
      const node = at(ctx, { kind: 'qualified', expression: operand.node, qualifier }, token.start);
      checkDepth(ctx, operand.depth + 1, token.start);
      operands.push({ node, depth: operand.depth + 1 });
      continue;
    }
    const op = token.kind === 'word' ? ownEntry(OPERATORS, token.text) : undefined;
    if (op) {
      ctx.lexer.next();
      for (let top = pending.at(-1); top && 'op' in top; top = pending.at(-1)) {
        if (PRECEDENCE[top.op] < PRECEDENCE[op]) break;
        reduce();
      }
      pending.push({ op, offset: token.start });
      expectOperand = true;
      continue;
    }
    const open = pending.findLast((p) => 'paren' in p);
    if (isNext(ctx, ')') && open) {
      ctx.lexer.next();
      while ('op' in pending.at(-1)!) reduce();
      pending.pop();
      continue;
    }
    if (token.kind === 'eof') {
      if (open) fail(source, open.paren, 'unbalanced', "unbalanced '(': expected a matching ')'");
      while (pending.length > 0) reduce();
      return operands[0]!.node;
    }
    const rest = 'AND, OR, FOLLOWEDBY, WITHIN, REPEATS, START';
    if (isNext(ctx, ')') || isNext(ctx, ']'))
      fail(
        source,
        token.start,
        'unbalanced',
        `unbalanced '${source[token.start]}': expected ${rest} or end of pattern`,
      );
    expected(ctx, open ? `${rest} or ')'` : `${rest} or end of pattern`);
  }
}

const QUALIFIERS = new Set(['WITHIN', 'REPEATS', 'START']);

/** `WITHIN x SECONDS`, `REPEATS x TIMES`, `START t'..' STOP t'..'` (§9.5.1). */
function parseQualifier(ctx: ParseContext): Qualifier {
  const keyword = ctx.lexer.next();
  const token = ctx.lexer.next();
  const constant = token.kind === 'constant' ? token.constant : undefined;
  if (keyword.kind === 'word' && keyword.text === 'WITHIN') {
    if ((constant?.kind !== 'integer' && constant?.kind !== 'float') || !(constant.value > 0))
      expected(ctx, 'a positive number of seconds after WITHIN', token);
    consume(ctx, 'SECONDS');
    return at(ctx, { kind: 'within', seconds: constant.value }, keyword.start);
  }
  if (keyword.kind === 'word' && keyword.text === 'REPEATS') {
    if (constant?.kind !== 'integer' || !(constant.value > 0))
      expected(ctx, 'a positive integer after REPEATS', token);
    consume(ctx, 'TIMES');
    return at(ctx, { kind: 'repeats', times: constant.value }, keyword.start);
  }
  if (constant?.kind !== 'timestamp')
    expected(ctx, "a timestamp such as t'2016-06-01T00:00:00Z' after START", token);
  consume(ctx, 'STOP');
  const stopToken = ctx.lexer.next();
  if (stopToken.kind !== 'constant' || stopToken.constant.kind !== 'timestamp')
    expected(ctx, "a timestamp such as t'2016-07-01T00:00:00Z' after STOP", stopToken);
  return at(
    ctx,
    { kind: 'start-stop', start: constant.value, stop: stopToken.constant.value },
    keyword.start,
  );
}
