const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}

/** Why a string is not a STIX timestamp, or undefined when it is one (STIX 2.1 §2.16). */
export function timestampProblem(value: string): string | undefined {
  if (!TIMESTAMP.test(value))
    return 'must be an RFC 3339 UTC timestamp such as 2017-05-12T07:45:00.000Z (STIX 2.1 §2.16)';
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (month < 1 || month > 12) return `has month ${value.slice(5, 7)}, which does not exist`;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day < 1 || day > days)
    return `has day ${value.slice(8, 10)}, which month ${value.slice(5, 7)} of ${year} does not have`;
  if (digits(value, 11, 2) > 23 || digits(value, 14, 2) > 59 || digits(value, 17, 2) > 60)
    return 'has a time of day out of range';
  return undefined;
}

/**
 * True when a valid timestamp has at least millisecond precision (three or more fractional
 * digits), as `created` and `modified` must (STIX 2.1 §3.2).
 */
export function hasMillisecondPrecision(value: string): boolean {
  return value.length >= 24 && value.charCodeAt(19) === 46; /* . */
}

/** True for an RFC 3339 UTC timestamp with a real calendar date (STIX 2.1 §2.16). */
export function isStixTimestamp(value: string): boolean {
  return timestampProblem(value) === undefined;
}

/** Compares two STIX timestamps as instants, whatever their sub-second precision. */
export function compareTimestamps(a: string, b: string): number {
  const secondsA = a.slice(0, 19);
  const secondsB = b.slice(0, 19);
  if (secondsA !== secondsB) return secondsA < secondsB ? -1 : 1;
  const fa = a.slice(20, -1);
  const fb = b.slice(20, -1);
  const width = Math.max(fa.length, fb.length);
  const pa = fa.padEnd(width, '0');
  const pb = fb.padEnd(width, '0');
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}
