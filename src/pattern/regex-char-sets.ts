/**
 * Code point sets for the `MATCHES` regex subset, as sorted inclusive ranges
 * `[lo0, hi0, lo1, hi1, ...]`: PCRE's meanings without UCP, so `\d`, `\w`, `\s` are ASCII.
 */

/** The largest Unicode code point. */
export const MAX_CODE_POINT = 0x10ffff;

/** `\d` */
export const DIGIT = [48, 57];
/** `\w` */
export const WORD = [48, 57, 65, 90, 95, 95, 97, 122];
/** `\s` (PCRE2: includes VT) */
export const SPACE = [9, 13, 32, 32];
/** `\h`: horizontal white space */
export const HSPACE = [
  9, 9, 32, 32, 0xa0, 0xa0, 0x1680, 0x1680, 0x180e, 0x180e, 0x2000, 0x200a, 0x202f, 0x202f, 0x205f,
  0x205f, 0x3000, 0x3000,
];
/** `\v`: vertical white space */
export const VSPACE = [10, 13, 0x85, 0x85, 0x2028, 0x2029];
/** POSIX classes inside brackets, `[:alpha:]` ... */
export const POSIX: Record<string, number[]> = {
  alpha: [65, 90, 97, 122],
  digit: DIGIT,
  alnum: [48, 57, 65, 90, 97, 122],
  upper: [65, 90],
  lower: [97, 122],
  space: SPACE,
  blank: [9, 9, 32, 32],
  punct: [33, 47, 58, 64, 91, 96, 123, 126],
  xdigit: [48, 57, 65, 70, 97, 102],
  word: WORD,
  cntrl: [0, 31, 127, 127],
  print: [32, 126],
  graph: [33, 126],
  ascii: [0, 127],
};

/** The complement of sorted, non-overlapping ranges within 0..U+10FFFF. */
export function complement(ranges: readonly number[]): number[] {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    if (ranges[i]! > next) out.push(next, ranges[i]! - 1);
    next = ranges[i + 1]! + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

/** Sorts and merges ranges. */
export function normalize(ranges: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i]!, ranges[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi);
    else out.push(lo, hi);
  }
  return out;
}
