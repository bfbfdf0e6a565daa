import {
  complement,
  DIGIT,
  HSPACE,
  MAX_CODE_POINT,
  normalize,
  POSIX,
  SPACE,
  VSPACE,
  WORD,
} from './regex-char-sets.js';
import { ownEntry } from '../stix/own-entry.js';

/**
 * Parser for the subset of PCRE that `MATCHES` supports (STIX 2.1 §9.6.1); see README.md for
 * the list. Everything in the subset can be run by an automaton in time linear in the subject
 * (linear-regex.ts), so no pattern can hang the process. Constructs outside it (backreferences,
 * lookaround, atomic groups, possessive quantifiers, recursion, callouts, \p{..}) are rejected
 * with a message naming them.
 */

/** One code point (or octet) from a set of ranges `[lo0, hi0, lo1, hi1, ...]`. */
export interface CharSet {
  ranges: number[];
  negated: boolean;
  ignoreCase: boolean;
}

/** Zero-width assertions. */
export type AssertionKind =
  | 'start' // ^ without (?m), \A
  | 'end' // \z
  | 'end-or-final-newline' // $ without (?m), \Z
  | 'line-start' // ^ with (?m)
  | 'line-end' // $ with (?m)
  | 'word-boundary' // \b
  | 'not-word-boundary'; // \B

export type RegexNode =
  | { kind: 'set'; set: CharSet }
  | { kind: 'concat'; items: RegexNode[] }
  | { kind: 'alt'; items: RegexNode[] }
  | { kind: 'repeat'; item: RegexNode; min: number; max: number }
  | { kind: 'assert'; assertion: AssertionKind };

/** A regular expression outside the supported subset, or malformed; `offset` is in the regex. */
export class RegexSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}

const MAX_GROUP_DEPTH = 100;
/** Largest repetition count accepted in `{n,m}`. */
export const MAX_REPEAT = 1000;
interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
}

/**
 * Parses `source` as a PCRE pattern with DOTALL set, as §9.6.1 requires. Throws
 * RegexSyntaxError for malformed or unsupported syntax.
 */
export function parseRegex(source: string): RegexNode {
  const chars = Array.from(source, (c) => c.codePointAt(0)!);
  let pos = 0;
  let depth = 0;
  const error = (message: string, at = pos): never => {
    throw new RegexSyntaxError(message, at);
  };
  const peek = () => chars[pos];
  const set = (ranges: number[], flags: Flags, negated = false): RegexNode => ({
    kind: 'set',
    set: { ranges: normalize(ranges), negated, ignoreCase: flags.i },
  });

  function skipExtended(flags: Flags): void {
    if (!flags.x) return;
    for (;;) {
      const c = peek();
      if (c === 32 || (c !== undefined && c >= 9 && c <= 13)) pos++;
      else if (c === 35) while (pos < chars.length && chars[pos] !== 10) pos++;
      else return;
    }
  }

  function alternation(outer: Flags): RegexNode {
    const flags = { ...outer };
    const branches: RegexNode[] = [];
    let items: RegexNode[] = [];
    for (;;) {
      skipExtended(flags);
      const c = peek();
      if (c === undefined || c === 41) break; // end or ')'
      if (c === 124) {
        pos++;
        branches.push({ kind: 'concat', items });
        items = [];
        continue;
      }
      const start = pos;
      const atom = parseAtom(flags);
      if (atom === undefined) continue; // a flag setting such as (?i)
      skipExtended(flags);
      items.push(quantified(atom, start, flags));
    }
    branches.push({ kind: 'concat', items });
    return branches.length === 1 ? branches[0]! : { kind: 'alt', items: branches };
  }

  function quantified(atom: RegexNode, start: number, flags: Flags): RegexNode {
    let node = atom;
    for (;;) {
      const c = peek();
      let min: number;
      let max: number;
      if (c === 42) [min, max] = [0, Infinity];
      else if (c === 43) [min, max] = [1, Infinity];
      else if (c === 63) [min, max] = [0, 1];
      else if (c === 123) {
        const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(
          String.fromCodePoint(...chars.slice(pos, pos + 24)),
        );
        if (!m) return node; // not a quantifier: `{` is then a literal (PCRE)
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT))
          error(`repetition counts above ${MAX_REPEAT} are not supported`);
        if (max < min) error('repetition range out of order');
        pos += m[0].length - 1;
      } else return node;
      if (node.kind === 'assert') error('an assertion cannot be repeated', start);
      if (node.kind === 'repeat' && node.item === atom)
        error('a quantifier cannot follow a quantifier');
      pos++;
      if (peek() === 43) error('possessive quantifiers (*+, ++, ?+, {n}+) are not supported');
      if (peek() === 63) pos++; // lazy: same set of matching subjects
      node = { kind: 'repeat', item: node, min, max };
      skipExtended(flags);
    }
  }

  function parseAtom(flags: Flags): RegexNode | undefined {
    const c = chars[pos++]!;
    switch (c) {
      case 40:
        return group(flags);
      case 91:
        return charClass(flags);
      case 46:
        return flags.s ? set([0, MAX_CODE_POINT], flags) : set([10, 10], flags, true);
      case 94:
        return { kind: 'assert', assertion: flags.m ? 'line-start' : 'start' };
      case 36:
        return { kind: 'assert', assertion: flags.m ? 'line-end' : 'end-or-final-newline' };
      case 92:
        return escape(flags);
      case 42:
      case 43:
      case 63:
        return error('nothing to repeat', pos - 1);
      default:
        return set([c, c], flags);
    }
  }

  function group(flags: Flags): RegexNode | undefined {
    const open = pos - 1;
    if (++depth > MAX_GROUP_DEPTH) error(`groups nested more than ${MAX_GROUP_DEPTH} deep`, open);
    let inner = flags;
    if (peek() === 63) {
      pos++;
      const rest = String.fromCodePoint(...chars.slice(pos, pos + 40));
      const named = /^(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(rest);
      const flagSet = /^([imsxU]*)(?:-([imsxU]*))?([:)])/.exec(rest);
      if (rest.startsWith(':')) pos++;
      else if (named) pos += named[0].length;
      else if (rest.startsWith('#')) {
        while (pos < chars.length && chars[pos] !== 41) pos++;
        if (pos >= chars.length) error('missing ) after comment', open);
        pos++;
        depth--;
        return undefined;
      } else if (flagSet) {
        const changed = { ...flags };
        for (const f of flagSet[1]!) if (f !== 'U') changed[f as keyof Flags] = true;
        for (const f of flagSet[2] ?? '') if (f !== 'U') changed[f as keyof Flags] = false;
        pos += flagSet[0].length;
        if (flagSet[3] === ')') {
          Object.assign(flags, changed); // applies to the rest of the enclosing group
          depth--;
          return undefined;
        }
        inner = changed;
      } else {
        const what = /^(?:=|!|<=|<!)/.test(rest)
          ? 'lookaround assertions'
          : rest.startsWith('>')
            ? 'atomic groups'
            : rest.startsWith('(')
              ? 'conditional groups'
              : 'this group construct (recursion, callouts, branch reset, ...)';
        error(`${what} are not supported`, open);
      }
    }
    const node = alternation(inner);
    if (peek() !== 41) error("missing ')'", open);
    pos++;
    depth--;
    return node;
  }

  function escapeCode(inClass: boolean): number | number[] {
    const at = pos - 1;
    const c = chars[pos++];
    if (c === undefined) return error('\\ at end of pattern', at);
    const ch = String.fromCodePoint(c);
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, e: 27, a: 7 };
    if (simple[ch] !== undefined) return simple[ch];
    if (ch === 'b' && inClass) return 8;
    const classes: Record<string, number[]> = {
      d: DIGIT,
      w: WORD,
      s: SPACE,
      h: HSPACE,
      v: VSPACE,
      D: complement(DIGIT),
      W: complement(WORD),
      S: complement(SPACE),
      H: complement(HSPACE),
      V: complement(VSPACE),
      N: complement([10, 10]),
    };
    if (classes[ch] && !(ch === 'N' && inClass)) return classes[ch];
    if (ch === 'x') {
      const rest = String.fromCodePoint(...chars.slice(pos, pos + 12));
      const m = /^\{([0-9a-fA-F]{1,6})\}|^[0-9a-fA-F]{0,2}/.exec(rest)!;
      pos += m[0].length;
      const value = parseInt(m[1] ?? (m[0] || '0'), 16);
      return value > MAX_CODE_POINT ? error('code point out of range', at) : value;
    }
    if (ch === 'o' && peek() === 123) {
      const m = /^\{([0-7]{1,8})\}/.exec(String.fromCodePoint(...chars.slice(pos, pos + 12)));
      if (!m) return error('malformed \\o{...}', at);
      pos += m[0].length;
      return parseInt(m[1]!, 8);
    }
    if (ch === '0') {
      let value = 0;
      for (let k = 0; k < 2 && peek() !== undefined && peek()! >= 48 && peek()! <= 55; k++)
        value = value * 8 + (chars[pos++]! - 48);
      return value;
    }
    if (ch === 'c') {
      const x = chars[pos++];
      if (x === undefined || x > 127)
        return error('\\c must be followed by an ASCII character', at);
      return String.fromCharCode(x).toUpperCase().charCodeAt(0) ^ 0x40;
    }
    if (/[1-9gk]/.test(ch)) return error('backreferences are not supported', at);
    if (/[pPX]/.test(ch)) return error('Unicode properties (\\p, \\P, \\X) are not supported', at);
    if (/[A-Za-z0-9]/.test(ch)) return error(`the escape \\${ch} is not supported here`, at);
    return c; // an escaped non-alphanumeric character stands for itself
  }

  function escape(flags: Flags): RegexNode {
    const at = pos - 1;
    const c = peek();
    const assertions: Record<number, AssertionKind> = {
      98: 'word-boundary',
      66: 'not-word-boundary',
      65: 'start',
      122: 'end',
      90: 'end-or-final-newline',
    };
    if (c !== undefined && assertions[c]) {
      pos++;
      return { kind: 'assert', assertion: assertions[c] };
    }
    if (c === 81) return quoted(flags); // \Q...\E
    if (c === 71 || c === 75 || c === 82)
      return error(`\\${String.fromCodePoint(c)} is not supported`, at);
    const code = escapeCode(false);
    return typeof code === 'number' ? set([code, code], flags) : set(code, flags);
  }

  function quoted(flags: Flags): RegexNode {
    pos++;
    const items: RegexNode[] = [];
    while (pos < chars.length && !(chars[pos] === 92 && chars[pos + 1] === 69)) {
      const c = chars[pos++]!;
      items.push(set([c, c], flags));
    }
    if (pos < chars.length) pos += 2;
    return { kind: 'concat', items };
  }

  function charClass(flags: Flags): RegexNode {
    const open = pos - 1;
    let negated = false;
    if (peek() === 94) {
      negated = true;
      pos++;
    }
    const ranges: number[] = [];
    let first = true;
    for (;;) {
      const c = chars[pos];
      if (c === undefined) return error('missing terminating ] for character class', open);
      if (c === 93 && !first) {
        pos++;
        break;
      }
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(
        String.fromCodePoint(...chars.slice(pos, pos + 12)),
      );
      if (posix) {
        const known = ownEntry(POSIX, posix[2]!) ?? error(`unknown POSIX class [:${posix[2]}:]`);
        ranges.push(...(posix[1] ? complement(known) : known));
        pos += posix[0].length;
        continue;
      }
      const lo = classAtom();
      if (Array.isArray(lo)) {
        ranges.push(...lo);
        continue;
      }
      if (chars[pos] === 45 && chars[pos + 1] !== 93 && chars[pos + 1] !== undefined) {
        pos++;
        const hi = classAtom();
        if (Array.isArray(hi)) {
          ranges.push(lo, lo, 45, 45, ...hi); // [a-\d] means a, -, digits
          continue;
        }
        if (hi < lo) return error('range out of order in character class');
        ranges.push(lo, hi);
      } else ranges.push(lo, lo);
    }
    return set(ranges, flags, negated);
  }

  function classAtom(): number | number[] {
    const c = chars[pos++]!;
    if (c !== 92) return c;
    if (chars[pos] === 81 || chars[pos] === 69)
      return error('\\Q and \\E inside a class are not supported');
    return escapeCode(true);
  }

  const tree = alternation({ i: false, m: false, s: true, x: false });
  if (pos < chars.length) error("unmatched ')'");
  return tree;
}
