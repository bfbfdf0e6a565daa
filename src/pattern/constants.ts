/**
 * Checks and conversions for pattern constants and the STIX data they are compared with
 * (STIX 2.1 §2 Common Data Types, §9.2 Constants).
 */

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Largest magnitude of a STIX integer: 2^53 - 1 (STIX 2.1 §2.10). */
export const MAX_STIX_INTEGER = Number.MAX_SAFE_INTEGER;

/**
 * Why `text` is not a STIX timestamp (§2.16: `YYYY-MM-DDTHH:mm:ss[.s+]Z`, UTC, a real
 * calendar date), or undefined when it is one. A leap second (`:60`) is accepted at 23:59.
 */
export function timestampProblem(text: string): string | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return 'a timestamp must look like 2016-06-01T00:00:00Z or 2016-06-01T00:00:00.123Z';
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m
    .slice(1, 7)
    .map(Number);
  if (month < 1 || month > 12) return `month ${m[2]} is out of range (01-12)`;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day < 1 || day > days) return `day ${m[3]} is out of range for ${m[1]}-${m[2]}`;
  if (hour > 23) return `hour ${m[4]} is out of range (00-23)`;
  if (minute > 59) return `minute ${m[5]} is out of range (00-59)`;
  if (second > 60 || (second === 60 && (hour !== 23 || minute !== 59)))
    return `second ${m[6]} is out of range (00-59, or 60 for a leap second at 23:59)`;
  return undefined;
}

/**
 * Milliseconds since the epoch (with sub-millisecond digits as a fraction) of a STIX
 * timestamp, or undefined when `text` is not one.
 */
export function timestampMillis(text: string): number | undefined {
  if (timestampProblem(text) !== undefined) return undefined;
  const base = Date.UTC(
    Number(text.slice(0, 4)),
    Number(text.slice(5, 7)) - 1,
    Number(text.slice(8, 10)),
    Number(text.slice(11, 13)),
    Number(text.slice(14, 16)),
    Number(text.slice(17, 19)),
  );
  // Date.UTC maps years 0-99 to 1900-1999; STIX years are literal.
  const year = Number(text.slice(0, 4));
  const fixed = year < 100 ? base + (Date.UTC(year, 0) - Date.UTC(year + 1900, 0)) : base;
  const fraction = text.length > 20 ? Number(`0${text.slice(19, -1)}`) * 1000 : 0;
  return fixed + fraction;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The base64 text with line feeds removed, or undefined when it is not RFC 4648 base64 (§9.2). */
export function normalizeBase64(text: string): string | undefined {
  const compact = text.replace(/\r?\n/g, '');
  return BASE64.test(compact) ? compact : undefined;
}

/** The octets of RFC 4648 base64 text (line feeds ignored), or undefined when it is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const compact = normalizeBase64(text);
  return compact === undefined ? undefined : new Uint8Array(Buffer.from(compact, 'base64'));
}

/** The octets of a hex string (either case, as STIX data may use), or undefined when invalid. */
export function decodeHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/**
 * The octets of a string whose code points are all below U+0100 (U+0000 -> 00 ... U+00FF -> ff),
 * or undefined when that conversion is not possible (§9.2 string, §9.6.4).
 */
export function latin1Bytes(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return undefined;
    out[i] = code;
  }
  return out;
}

/** Compares octet strings as unsigned octets; a longer otherwise equal value is greater (§9.6.3). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Compares strings by code point (§9.6.2), which UTF-16 order does not give for astral characters. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx === sy) return x < y ? -1 : 1;
    return sx ? 1 : -1; // a surrogate starts a code point above U+FFFF, greater than any BMP one
  }
  return a.length < b.length ? -1 : 1;
}

/**
 * A float in the pattern grammar's form (digits, a full stop, digits; no exponent), exact
 * enough that parsing it back gives the same number.
 */
export function formatFloat(value: number): string {
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const text = Math.abs(value).toString();
  const e = text.indexOf('e');
  if (e < 0) return sign + (text.includes('.') ? text : `${text}.0`);
  const mantissa = text.slice(0, e).replace('.', '');
  const pointAt =
    (text.indexOf('.') < 0 || text.indexOf('.') > e ? e : text.indexOf('.')) +
    Number(text.slice(e + 1));
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${mantissa}`;
  if (pointAt >= mantissa.length)
    return `${sign}${mantissa}${'0'.repeat(pointAt - mantissa.length)}.0`;
  return `${sign}${mantissa.slice(0, pointAt)}.${mantissa.slice(pointAt)}`;
}
