import { WORD } from './regex-char-sets.js';
import {
  parseRegex,
  RegexSyntaxError,
  type AssertionKind,
  type CharSet,
  type RegexNode,
} from './regex-syntax.js';

/** Most instructions a compiled regular expression may have; bigger ones are rejected. */
export const MAX_REGEX_PROGRAM = 20_000;

const CHAR = 0;
const SPLIT = 1;
const JMP = 2;
const ASSERT = 3;
const MATCH = 4;

type Instruction =
  | { op: typeof CHAR; set: CharSet }
  | { op: typeof SPLIT; a: number; b: number }
  | { op: typeof JMP; to: number }
  | { op: typeof ASSERT; assertion: AssertionKind }
  | { op: typeof MATCH };

/**
 * A regular expression compiled to a Thompson automaton and run by simulating every state at
 * once: time O(subject length x program size), memory O(program size), whatever the pattern.
 * `test` is a PCRE *search* (unanchored; `^` and `$` anchor), DOTALL on (STIX 2.1 §9.6.1).
 */
export class LinearRegex {
  private readonly program: Instruction[];
  private readonly mark: Int32Array;
  private generation = 0;

  constructor(readonly source: string) {
    this.program = [];
    emit(parseRegex(source), this.program);
    this.program.push({ op: MATCH });
    if (this.program.length > MAX_REGEX_PROGRAM)
      throw new RegexSyntaxError(
        `regular expression too large (over ${MAX_REGEX_PROGRAM} automaton states once repetitions are expanded)`,
        0,
      );
    this.mark = new Int32Array(this.program.length);
  }

  /**
   * Whether the expression matches somewhere in `subject`: code points of a string, or octets
   * of binary data (then case-insensitivity folds ASCII letters only, as PCRE without UTF does).
   */
  test(subject: ArrayLike<number>, octets = false): boolean {
    let current: number[] = [];
    for (let pos = 0; ; pos++) {
      if (pos === 0) this.nextGeneration();
      if (this.close(current, 0, subject, pos)) return true;
      if (pos === subject.length) return false;
      const unit = subject[pos]!;
      const next: number[] = [];
      this.nextGeneration();
      for (const pc of current) {
        const inst = this.program[pc] as { set: CharSet };
        if (setHas(inst.set, unit, octets) && this.close(next, pc + 1, subject, pos + 1))
          return true;
      }
      current = next;
    }
  }

  private nextGeneration(): void {
    if (++this.generation >= 0x3fffffff) {
      this.mark.fill(0);
      this.generation = 1;
    }
  }

  /** Adds the states reachable from `start` without input to `list`; true on reaching MATCH. */
  private close(list: number[], start: number, subject: ArrayLike<number>, pos: number): boolean {
    const stack = [start];
    const { mark, program, generation } = this;
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (mark[pc] === generation) continue;
      mark[pc] = generation;
      const inst = program[pc]!;
      switch (inst.op) {
        case CHAR:
          list.push(pc);
          break;
        case SPLIT:
          stack.push(inst.b, inst.a);
          break;
        case JMP:
          stack.push(inst.to);
          break;
        case ASSERT:
          if (holds(inst.assertion, subject, pos)) stack.push(pc + 1);
          break;
        case MATCH:
          return true;
      }
    }
    return false;
  }
}

function emit(node: RegexNode, out: Instruction[]): void {
  if (out.length > MAX_REGEX_PROGRAM) return; // the caller reports the size
  switch (node.kind) {
    case 'set':
      out.push({ op: CHAR, set: node.set });
      return;
    case 'assert':
      out.push({ op: ASSERT, assertion: node.assertion });
      return;
    case 'concat':
      for (const item of node.items) emit(item, out);
      return;
    case 'alt': {
      const jumps: { to: number }[] = [];
      node.items.forEach((item, i) => {
        if (i === node.items.length - 1) return emit(item, out);
        const split = { op: SPLIT, a: out.length + 1, b: 0 } as {
          op: typeof SPLIT;
          a: number;
          b: number;
        };
        out.push(split);
        emit(item, out);
        const jump = { op: JMP, to: 0 } as { op: typeof JMP; to: number };
        out.push(jump);
        jumps.push(jump);
        split.b = out.length;
      });
      for (const jump of jumps) jump.to = out.length;
      return;
    }
    case 'repeat': {
      for (let i = 0; i < node.min; i++) emit(node.item, out);
      if (node.max === Infinity) {
        const split = { op: SPLIT, a: out.length + 1, b: 0 } as {
          op: typeof SPLIT;
          a: number;
          b: number;
        };
        const loop = out.length;
        out.push(split);
        emit(node.item, out);
        out.push({ op: JMP, to: loop });
        split.b = out.length;
        return;
      }
      const splits: { b: number }[] = [];
      for (let i = node.min; i < node.max; i++) {
        const split = { op: SPLIT, a: out.length + 1, b: 0 } as {
          op: typeof SPLIT;
          a: number;
          b: number;
        };
        out.push(split);
        splits.push(split);
        emit(node.item, out);
      }
      for (const split of splits) split.b = out.length;
    }
  }
}

const lowerCache = new Map<number, number[]>();

/** The code point and its simple upper- and lower-case forms. */
function caseVariants(code: number, octets: boolean): number[] {
  if (code < 128 || octets) {
    if (code >= 65 && code <= 90) return [code, code + 32];
    if (code >= 97 && code <= 122) return [code, code - 32];
    return [code];
  }
  let variants = lowerCache.get(code);
  if (!variants) {
    const text = String.fromCodePoint(code);
    variants = [code];
    for (const other of [text.toLowerCase(), text.toUpperCase()])
      if ([...other].length === 1 && !variants.includes(other.codePointAt(0)!))
        variants.push(other.codePointAt(0)!);
    if (lowerCache.size < 10_000) lowerCache.set(code, variants);
  }
  return variants;
}

function inRanges(ranges: number[], code: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) {
    if (code < ranges[i]!) return false;
    if (code <= ranges[i + 1]!) return true;
  }
  return false;
}

function setHas(set: CharSet, code: number, octets: boolean): boolean {
  let found = inRanges(set.ranges, code);
  if (!found && set.ignoreCase)
    found = caseVariants(code, octets).some((variant) => inRanges(set.ranges, variant));
  return found !== set.negated;
}

const isWord = (code: number | undefined) => code !== undefined && inRanges(WORD, code);

function holds(assertion: AssertionKind, subject: ArrayLike<number>, pos: number): boolean {
  const n = subject.length;
  switch (assertion) {
    case 'start':
      return pos === 0;
    case 'end':
      return pos === n;
    case 'end-or-final-newline':
      return pos === n || (pos === n - 1 && subject[pos] === 10);
    case 'line-start':
      return pos === 0 || subject[pos - 1] === 10;
    case 'line-end':
      return pos === n || subject[pos] === 10;
    case 'word-boundary':
    case 'not-word-boundary': {
      const boundary = isWord(pos > 0 ? subject[pos - 1] : undefined) !== isWord(subject[pos]);
      return boundary === (assertion === 'word-boundary');
    }
  }
}

/** The code points of a string, for LinearRegex.test. */
export function codePoints(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    out.push(code);
    if (code > 0xffff) i++;
  }
  return out;
}
