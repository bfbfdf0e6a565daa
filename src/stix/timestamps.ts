const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/** Why a string is not a STIX timestamp, or undefined when it is one. */
export function timestampProblem(value: string): string | undefined {
  const match = TIMESTAMP.exec(value);
  if (!match)
    return 'must be an RFC 3339 UTC timestamp such as 2017-05-12T07:45:00.000Z (STIX 2.1 §3.2)';
  const [, y, mo, d, h, mi, s] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12) return `has month ${String(mo).padStart(2, '0')}, which does not exist`;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > daysInMonth)
    return `has day ${String(d).padStart(2, '0')}, which month ${String(mo).padStart(2, '0')} of ${y} does not have`;
  if (h > 23 || mi > 59 || s > 60) return 'has a time of day out of range';
  return undefined;
}

/** True for an RFC 3339 UTC timestamp with a real calendar date (STIX 2.1 §3.2). */
export function isStixTimestamp(value: string): boolean {
  return timestampProblem(value) === undefined;
}

/** Compares two STIX timestamps as instants, whatever their sub-second precision. */
export function compareTimestamps(a: string, b: string): number {
  const [secA, fracA = ''] = splitFraction(a);
  const [secB, fracB = ''] = splitFraction(b);
  if (secA !== secB) return secA < secB ? -1 : 1;
  const width = Math.max(fracA.length, fracB.length);
  const fa = fracA.padEnd(width, '0');
  const fb = fracB.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

function splitFraction(timestamp: string): [string, string?] {
  const body = timestamp.endsWith('Z') ? timestamp.slice(0, -1) : timestamp;
  const dot = body.indexOf('.');
  return dot < 0 ? [body] : [body.slice(0, dot), body.slice(dot + 1)];
}
