/**
 * The `added` clock (TAXII 2.1 `date_added`). A write transaction stamps each row with
 * max(now, previous + 1 µs), so `added` is strictly increasing in commit (and `seq`) order and
 * an `added_after` taken from any row is an exact resume point, like a cursor.
 *
 * Microseconds, not milliseconds: at 100,000 rows/s a 1 ms step would push `added` 100 s into
 * the future per second of ingest; 1 µs keeps it within 0.1 s of the wall clock. RFC 3339
 * allows any fraction length and STIX 2.1 §3.2 timestamps allow sub-millisecond digits.
 */
export function nextAddedMicros(nowMs: number, lastMicros: number): number {
  return Math.max(nowMs * 1000, lastMicros + 1);
}

let cachedMs = NaN;
let cachedPrefix = '';

/** RFC 3339 with microseconds from epoch microseconds (e.g. 2026-11-23T00:30:00.123456Z). */
export function formatMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  if (ms !== cachedMs) {
    // Rows of a batch share their millisecond: format it once.
    cachedPrefix = new Date(ms).toISOString().slice(0, 23);
    cachedMs = ms;
  }
  return `${cachedPrefix}${String(micros - ms * 1000).padStart(3, '0')}Z`;
}

/**
 * Epoch microseconds of an RFC 3339 UTC timestamp. Digits below the microsecond are dropped,
 * which keeps `added > t` exact: every stored `added` is a whole microsecond.
 */
export function parseMicros(timestamp: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(timestamp);
  const seconds = match ? Date.parse(`${match[1]}Z`) : NaN;
  if (!match || Number.isNaN(seconds))
    throw new RangeError(`not an RFC 3339 UTC timestamp: ${timestamp}`);
  const fraction = (match[2] ?? '').padEnd(6, '0').slice(0, 6);
  return seconds * 1000 + Number(fraction);
}
