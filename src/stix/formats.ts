/**
 * Value formats of the address SCOs (STIX 2.1 §6.8–§6.10): IPv4 and IPv6 addresses or CIDR
 * blocks, and MAC-48 addresses. Hand-written scanners: no regular expression backtracking on
 * hostile input, no allocation.
 */

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

/** Parses `/<prefix>` at `start` (or nothing); true when absent or 0..max. */
function prefixOk(text: string, start: number, max: number): boolean {
  if (start === text.length) return true;
  if (text.charCodeAt(start) !== 47 /* / */ || start + 1 === text.length) return false;
  if (text.length - start - 1 > 3) return false;
  let value = 0;
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return false;
    if (i > start + 1 && value === 0) return false; // no leading zeros
    value = value * 10 + code - 48;
  }
  return value <= max;
}

/** Length of the dotted-quad IPv4 address at `start`, or -1. */
function ipv4Length(text: string, start: number): number {
  let i = start;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (text.charCodeAt(i) !== 46 /* . */) return -1;
      i++;
    }
    const first = i;
    let value = 0;
    while (i < text.length && isDigit(text.charCodeAt(i)) && i - first < 3) {
      value = value * 10 + text.charCodeAt(i) - 48;
      i++;
    }
    if (i === first || value > 255 || (i - first > 1 && text.charCodeAt(first) === 48)) return -1;
  }
  return i - start;
}

/** An IPv4 address, optionally with a CIDR prefix (`198.51.100.0/24`). */
export function isIpv4(text: string): boolean {
  const length = ipv4Length(text, 0);
  return length > 0 && prefixOk(text, length, 32);
}

/** An IPv6 address (RFC 4291 text forms, `::` compression, embedded IPv4), optionally CIDR. */
export function isIpv6(text: string): boolean {
  let end = text.indexOf('/');
  if (end === -1) end = text.length;
  if (!prefixOk(text, end, 128)) return false;
  let groups = 0;
  let compressed = false;
  let i = 0;
  if (text.startsWith('::')) {
    compressed = true;
    i = 2;
    if (i === end) return true;
  }
  while (i < end) {
    const first = i;
    while (i < end && i - first < 4 && isHexDigit(text.charCodeAt(i))) i++;
    if (i < end && text.charCodeAt(i) === 46 /* . */) {
      // An embedded IPv4 address ends the address and counts as two groups.
      const length = ipv4Length(text, first);
      if (length < 0 || first + length !== end) return false;
      groups += 2;
      break;
    }
    if (i === first) return false;
    groups++;
    if (i === end) break;
    if (text.charCodeAt(i) !== 58 /* : */) return false;
    i++;
    if (i < end && text.charCodeAt(i) === 58) {
      if (compressed) return false;
      compressed = true;
      i++;
      if (i === end) break;
    } else if (i === end) {
      return false; // a trailing single colon
    }
  }
  return compressed ? groups <= 7 : groups === 8;
}

/** A MAC-48 address as §6.10 requires: six lower-case, zero-padded, colon-separated octets. */
export function isMac(text: string): boolean {
  if (text.length !== 17) return false;
  for (let i = 0; i < 17; i++) {
    const code = text.charCodeAt(i);
    if (i % 3 === 2) {
      if (code !== 58) return false;
    } else if (!(isDigit(code) || (code >= 97 && code <= 102))) {
      return false;
    }
  }
  return true;
}
