import type { PatternNode } from './ast.js';
import { describeToken, type Lexer, type Token } from './lexer.js';
import { fail } from './pattern-error.js';

/** State shared by the two levels of the parser (observation and comparison expressions). */
export interface ParseContext {
  source: string;
  lexer: Lexer;
  maxDepth: number;
  positions: WeakMap<PatternNode, number> | undefined;
}

/** A node on an operand stack with the height of its subtree. */
export interface Entry<T> {
  node: T;
  depth: number;
}

/** Records where `node` starts, when the caller asked for positions. */
export function at<T extends PatternNode>(ctx: ParseContext, node: T, offset: number): T {
  ctx.positions?.set(node, offset);
  return node;
}

/** Throws "expected <what>, found <token>" at the token. */
export function expected(ctx: ParseContext, what: string, token: Token = ctx.lexer.peek()): never {
  return fail(
    ctx.source,
    token.start,
    'syntax',
    `expected ${what}, found ${describeToken(token, ctx.source)}`,
  );
}

/** True when the next token is the keyword or punctuation `text`. */
export function isNext(ctx: ParseContext, text: string): boolean {
  const token = ctx.lexer.peek();
  return (token.kind === 'word' || token.kind === 'punct') && token.text === text;
}

/** Consumes `text` or throws "expected 'text'". */
export function consume(ctx: ParseContext, text: string, what = `'${text}'`): Token {
  if (!isNext(ctx, text)) expected(ctx, what);
  return ctx.lexer.next();
}

/** Fails when a node would be deeper than the configured limit. */
export function checkDepth(ctx: ParseContext, depth: number, offset: number): void {
  if (depth > ctx.maxDepth)
    fail(
      ctx.source,
      offset,
      'too-deep',
      `expression nested more than ${ctx.maxDepth} levels deep (parseOptions.maxDepth)`,
    );
}

/**
 * Joins two operands with an associative operator `kind`, appending to an existing node of the
 * same kind instead of nesting, so chains stay flat.
 */
export function joinOperands<K extends string, N extends { kind: string }>(
  ctx: ParseContext,
  kind: K,
  left: Entry<N>,
  right: Entry<N>,
  offset: number,
): Entry<N> {
  const same = (n: N): n is N & { kind: K; operands: N[] } => n.kind === kind;
  let node: N & { kind: K; operands: N[] };
  let depth: number;
  if (same(left.node)) {
    node = left.node;
    depth = left.depth;
  } else {
    node = at(ctx, { kind, operands: [left.node] } as unknown as PatternNode, offset) as never;
    depth = left.depth + 1;
  }
  if (same(right.node)) {
    for (const operand of right.node.operands) node.operands.push(operand);
    depth = Math.max(depth, right.depth);
  } else {
    node.operands.push(right.node);
    depth = Math.max(depth, right.depth + 1);
  }
  checkDepth(ctx, depth, offset);
  return { node, depth };
}
