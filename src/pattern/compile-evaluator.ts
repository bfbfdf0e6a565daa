import type { ObservationExpression, Qualifier } from './ast.js';
import { timestampMillis } from './constants.js';
import { compileComparisonExpression } from './compile-comparison.js';
import type { Observation } from './observation.js';

/** Bounds on the work one evaluation may do. */
export interface EvaluateOptions {
  /** Most partial matches kept per sub-expression. Default 1,000. */
  maxBindings?: number;
  /** Most pairs of partial matches tried in one evaluation. Default 1,000,000. */
  maxWork?: number;
}

/** Which observations satisfied a pattern. */
export interface Evaluation {
  matched: boolean;
  /**
   * Each set of observations (indices into the input, ascending, an index repeated when one
   * observed-data with `number_observed` > 1 stands for several Observations) that satisfies
   * the pattern; at most maxBindings of them.
   */
  bindings: number[][];
  /** True when a bound cut the search short: more bindings may exist, and a false `matched` is not proven. */
  truncated: boolean;
}

/** A set of Observations satisfying a sub-expression, with its time span. */
interface Binding {
  uses: number[];
  first: number;
  last: number;
}

interface Context {
  observations: readonly Observation[];
  maxBindings: number;
  maxWork: number;
  work: number;
  truncated: boolean;
}

type Evaluator = (ctx: Context) => Binding[];

/** A pattern compiled for evaluation against sets of observations. */
export type PatternEvaluator = (
  observations: readonly Observation[],
  options?: EvaluateOptions,
) => Evaluation;

/**
 * Compiles an Observation Expression tree (STIX 2.1 §9.5). Every Observation Expression leaf
 * yields the observations it matches; `AND` joins partial matches on different Observations,
 * `FOLLOWEDBY` also needs the left one's `last_observed` <= the right one's `first_observed`,
 * `OR` is the union; `WITHIN x` keeps sets whose span (latest `last_observed` minus earliest
 * `first_observed`) is under x seconds, `START`/`STOP` sets within [start, stop), and
 * `REPEATS n` is n-fold `AND`. One observed-data counts as `number_observed` Observations.
 */
export function compileEvaluator(pattern: ObservationExpression): PatternEvaluator {
  const root = compile(pattern);
  return (observations, options = {}) => {
    const ctx: Context = {
      observations,
      maxBindings: options.maxBindings ?? 1000,
      maxWork: options.maxWork ?? 1_000_000,
      work: 0,
      truncated: false,
    };
    const bindings = root(ctx);
    return {
      matched: bindings.length > 0,
      bindings: bindings.map((b) => b.uses),
      truncated: ctx.truncated,
    };
  };
}

function compile(node: ObservationExpression): Evaluator {
  switch (node.kind) {
    case 'observation': {
      const holds = compileComparisonExpression(node.comparison);
      return (ctx) => {
        const out: Binding[] = [];
        ctx.observations.forEach((o, i) => {
          if (!o.roots.some((root) => holds(root, o.objects))) return;
          if (out.length >= ctx.maxBindings) ctx.truncated = true;
          else out.push({ uses: [i], first: o.first, last: o.last });
        });
        return out;
      };
    }
    case 'observation-or': {
      const parts = node.operands.map(compile);
      return (ctx) =>
        unique(
          ctx,
          parts.flatMap((part) => part(ctx)),
        );
    }
    case 'observation-and':
    case 'followedby': {
      const parts = node.operands.map(compile);
      const ordered = node.kind === 'followedby';
      return (ctx) => {
        let acc = parts[0]!(ctx);
        for (let i = 1; i < parts.length && acc.length > 0; i++)
          acc = combine(ctx, acc, parts[i]!(ctx), ordered);
        return acc;
      };
    }
    case 'qualified':
      return qualify(compile(node.expression), node.qualifier);
  }
}

function qualify(inner: Evaluator, qualifier: Qualifier): Evaluator {
  switch (qualifier.kind) {
    case 'within': {
      const span = qualifier.seconds * 1000;
      // One Observation is within any window; a set must span less than it (§9.5.1).
      return (ctx) => inner(ctx).filter((b) => b.uses.length === 1 || b.last - b.first < span);
    }
    case 'start-stop': {
      const start = timestampMillis(qualifier.start)!;
      const stop = timestampMillis(qualifier.stop)!;
      return (ctx) => inner(ctx).filter((b) => b.first >= start && b.last < stop);
    }
    case 'repeats': {
      const times = qualifier.times;
      return (ctx) => {
        const once = inner(ctx);
        if (once.length === 0) return once;
        const available = ctx.observations.reduce((sum, o) => sum + o.count, 0);
        const smallest = Math.min(...once.map((b) => b.uses.length));
        if (smallest * times > available) return [];
        let acc = once;
        for (let i = 1; i < times && acc.length > 0; i++) acc = combine(ctx, acc, once, false);
        return acc;
      };
    }
  }
}

/** Pairs of bindings that use different Observations (and, if `ordered`, come in time order). */
function combine(ctx: Context, left: Binding[], right: Binding[], ordered: boolean): Binding[] {
  const out: Binding[] = [];
  const seen = new Set<string>();
  for (const a of left) {
    for (const b of right) {
      if (++ctx.work > ctx.maxWork || out.length >= ctx.maxBindings) {
        ctx.truncated = true;
        return out;
      }
      if (ordered && !(a.last <= b.first)) continue;
      const uses = mergeSorted(a.uses, b.uses);
      if (!fits(uses, ctx.observations)) continue;
      const key = uses.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ uses, first: Math.min(a.first, b.first), last: Math.max(a.last, b.last) });
    }
  }
  return out;
}

function unique(ctx: Context, bindings: Binding[]): Binding[] {
  const seen = new Set<string>();
  const out = bindings.filter((b) => {
    const key = b.uses.join(',');
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (out.length > ctx.maxBindings) ctx.truncated = true;
  return out.slice(0, ctx.maxBindings);
}

function mergeSorted(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length)
    out.push(j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!);
  return out;
}

/** Whether no observed-data is used more often than its `number_observed`. */
function fits(uses: number[], observations: readonly Observation[]): boolean {
  let run = 1;
  for (let k = 1; k <= uses.length; k++) {
    if (k < uses.length && uses[k] === uses[k - 1]) run++;
    else {
      if (run > observations[uses[k - 1]!]!.count) return false;
      run = 1;
    }
  }
  return true;
}
