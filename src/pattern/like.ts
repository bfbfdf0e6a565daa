const PERCENT = 37;
const UNDERSCORE = 95;

/**
 * SQL LIKE on code points (STIX 2.1 §9.6.1): `%` matches any run of characters, `_` exactly
 * one; everything else matches itself, case-sensitively. There is no escape character. Runs in
 * O(text x pattern) at worst, never exponentially.
 */
export function likeMatches(text: readonly number[], pattern: readonly number[]): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (c === PERCENT) {
      starP = p++;
      starT = t;
    } else if (c !== undefined && (c === UNDERSCORE || c === text[t])) {
      t++;
      p++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else return false;
  }
  while (pattern[p] === PERCENT) p++;
  return p === pattern.length;
}
