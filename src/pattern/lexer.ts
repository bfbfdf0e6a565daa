import type { Constant } from './ast.js';
import { MAX_STIX_INTEGER, normalizeBase64, timestampProblem } from './constants.js';
import { fail } from './pattern-error.js';

/** A token of the pattern language; `start`/`end` are UTF-16 offsets into the source. */
export type Token =
  | { kind: 'word'; text: string; start: number; end: number }
  | { kind: 'punct'; text: string; start: number; end: number }
  | { kind: 'constant'; constant: Constant; start: number; end: number }
  | { kind: 'eof'; text: ''; start: number; end: number };

/** Unicode White_Space (WSpace=Y) code points, which delimit tokens (§9.4). */
function isWhitespace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isWordPart = (c: number) => isWordStart(c) || isDigit(c) || c === 45;
const PUNCT2 = new Set(['!=', '<=', '>=']);
const PUNCT1 = new Set(['[', ']', '(', ')', ':', '.', ',', '=', '<', '>', '*']);

/** Describes a token for "found ..." in error messages. */
export function describeToken(token: Token, source: string): string {
  if (token.kind === 'eof') return 'end of pattern';
  const text = source.slice(token.start, Math.min(token.end, token.start + 40));
  return `'${text}${token.end - token.start > 40 ? '...' : ''}'`;
}

/**
 * Splits a pattern into tokens on demand. Words are identifiers and keywords (letters, digits,
 * `_`, `-`); constants are checked here, so an invalid hex, binary, timestamp or integer is a
 * syntax error at its own position (§9.2, §9.4).
 */
export class Lexer {
  private offset = 0;
  private lookahead: Token | undefined;

  constructor(private readonly source: string) {}

  /** The next token without consuming it. */
  peek(): Token {
    this.lookahead ??= this.scan();
    return this.lookahead;
  }

  /** Consumes and returns the next token. */
  next(): Token {
    const token = this.peek();
    this.lookahead = undefined;
    return token;
  }

  private scan(): Token {
    const src = this.source;
    let i = this.offset;
    while (i < src.length && isWhitespace(src.charCodeAt(i))) i++;
    const start = i;
    if (i >= src.length) {
      this.offset = i;
      return { kind: 'eof', text: '', start, end: start };
    }
    const c = src.charCodeAt(i);
    const quoteNext = src.charCodeAt(i + 1) === 39;
    let token: Token;
    if (c === 39) token = this.stringConstant(start, start);
    else if (quoteNext && (c === 116 || c === 104 || c === 98)) token = this.prefixed(start);
    else if (isWordStart(c)) {
      let j = i + 1;
      while (j < src.length && isWordPart(src.charCodeAt(j))) j++;
      token = { kind: 'word', text: src.slice(i, j), start, end: j };
    } else if (isDigit(c) || c === 45 || c === 43 || (c === 46 && isDigit(src.charCodeAt(i + 1))))
      token = this.number(start);
    else if (PUNCT2.has(src.slice(i, i + 2)))
      token = { kind: 'punct', text: src.slice(i, i + 2), start, end: i + 2 };
    else if (PUNCT1.has(src[i]!)) token = { kind: 'punct', text: src[i]!, start, end: i + 1 };
    else {
      const char = String.fromCodePoint(src.codePointAt(i)!);
      return fail(src, start, 'unexpected-character', `unexpected character '${char}'`);
    }
    this.offset = token.end;
    return token;
  }

  /** A quoted string from `quoteAt`; only `\'` and `\\` are escapes (§9.2). */
  private stringConstant(start: number, quoteAt: number): Token {
    const { value, end } = this.readString(quoteAt);
    return { kind: 'constant', constant: { kind: 'string', value }, start, end };
  }

  private readString(quoteAt: number): { value: string; end: number } {
    const src = this.source;
    let value = '';
    let runStart = quoteAt + 1;
    for (let i = quoteAt + 1; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (c === 39) return { value: value + src.slice(runStart, i), end: i + 1 };
      if (c === 92) {
        const escaped = src[i + 1];
        if (escaped !== "'" && escaped !== '\\') {
          const shown = escaped === undefined ? 'end of pattern' : `'\\${escaped}'`;
          fail(
            src,
            i,
            'invalid-escape',
            `invalid escape ${shown}: only \\' and \\\\ may follow a backslash`,
          );
        }
        value += src.slice(runStart, i) + escaped;
        i++;
        runStart = i + 1;
      }
    }
    return fail(src, quoteAt, 'unterminated-string', "unterminated string: expected a closing '");
  }

  /** `t'...'`, `h'...'`, `b'...'` (§9.2). */
  private prefixed(start: number): Token {
    const src = this.source;
    const prefix = src[start];
    const { value: text, end } = this.readString(start + 1);
    const at = start + 2;
    const token = (constant: Constant): Token => ({ kind: 'constant', constant, start, end });
    if (prefix === 't') {
      const problem = timestampProblem(text);
      if (problem) fail(src, at, 'invalid-timestamp', `invalid timestamp '${text}': ${problem}`);
      return token({ kind: 'timestamp', value: text });
    }
    if (prefix === 'h') {
      if (!/^(?:[0-9a-f]{2})*$/.test(text))
        fail(src, at, 'invalid-hex', 'a hex constant must be an even number of digits 0-9 and a-f');
      return token({ kind: 'hex', value: text });
    }
    const base64 = normalizeBase64(text);
    if (base64 === undefined)
      fail(src, at, 'invalid-binary', "a binary constant must be RFC 4648 base64 (e.g. b'ABI=')");
    return token({ kind: 'binary', value: base64 });
  }

  /** An integer or float: `-`? digits, optionally `.` digits; no `+`, no exponent (§9.2). */
  private number(start: number): Token {
    const src = this.source;
    const m = /^(-?)(\d*)(\.\d+)?/.exec(src.slice(start, start + 400))!;
    const after = src.charCodeAt(start + m[0].length);
    if (src[start] === '+')
      fail(src, start, 'invalid-number', 'a positive number is written without a plus sign');
    if ((m[2] === '' && m[3] === undefined) || isWordPart(after) || after === 46)
      fail(src, start, 'invalid-number', 'expected a number such as 42, -7 or 3.14');
    const end = start + m[0].length;
    if (m[3] !== undefined) {
      const value = Number(m[0]);
      if (!Number.isFinite(value)) fail(src, start, 'invalid-number', 'float out of range');
      return { kind: 'constant', constant: { kind: 'float', value }, start, end };
    }
    const value = Number(m[0]);
    if (Math.abs(value) > MAX_STIX_INTEGER)
      fail(
        src,
        start,
        'integer-range',
        'integer out of range (at most 2^53 - 1 in magnitude, §2.10)',
      );
    return {
      kind: 'constant',
      constant: { kind: 'integer', value: value === 0 ? 0 : value },
      start,
      end,
    };
  }
}
