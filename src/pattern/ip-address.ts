/**
 * IPv4 and IPv6 addresses and CIDR blocks as inclusive ranges, for the `ISSUBSET` /
 * `ISSUPERSET` set operators and for comparing `ipv4-addr`/`ipv6-addr` values (STIX 2.1 §6.4,
 * §6.5, §9.6.1). An address without a prefix is a /32 (IPv4) or /128 (IPv6) block; host bits
 * under the prefix are ignored (`10.0.0.1/8` is `10.0.0.0/8`).
 */

/** An IPv4 block: `lo`/`hi` are unsigned 32-bit numbers. */
export interface Ipv4Range {
  family: 4;
  prefix: number;
  lo: number;
  hi: number;
}

/** An IPv6 block: `lo`/`hi` are 32 lower-case hex digits, so string order is numeric order. */
export interface Ipv6Range {
  family: 6;
  prefix: number;
  lo: string;
  hi: string;
}

export type IpRange = Ipv4Range | Ipv6Range;

/** Where scanIpv4 leaves its result: the network as a signed 32-bit integer, and the prefix. */
export const scannedIpv4 = { network: 0, prefix: 0 };

/**
 * Reads dotted-quad IPv4 with an optional `/0`-`/32` into scannedIpv4 (network bits only) and
 * returns true, or returns false when `text` is not that. Octets and prefixes have no leading
 * zeros. Allocation-free (small integers only), for the bulk matcher's hot path.
 */
export function scanIpv4(text: string): boolean {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let i = 0;
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return false; // leading zero
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return false;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = (value << 8) | octet;
      octet = digits = 0;
      dots++;
    } else if (c === 47) break;
    else return false;
  }
  if (dots !== 3 || digits === 0) return false;
  value = (value << 8) | octet;
  let prefix = 32;
  if (i < n) {
    const rest = n - i - 1;
    if (rest < 1 || rest > 2) return false;
    prefix = 0;
    for (let j = i + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c < 48 || c > 57 || (j > i + 1 && prefix === 0)) return false;
      prefix = prefix * 10 + (c - 48);
    }
    if (prefix > 32) return false;
  }
  scannedIpv4.network = prefix === 0 ? 0 : value & (-1 << (32 - prefix));
  scannedIpv4.prefix = prefix;
  return true;
}

/** An IPv4 address or block packed as `network * 64 + prefix` (exact in a double), or -1. */
export function packIpv4(text: string): number {
  if (!scanIpv4(text)) return -1;
  return (scannedIpv4.network >>> 0) * 64 + scannedIpv4.prefix;
}

/** Unpacks packIpv4's result. */
export function ipv4Range(packed: number): Ipv4Range {
  const prefix = packed % 64;
  const lo = (packed - prefix) / 64;
  return { family: 4, prefix, lo, hi: lo + 2 ** (32 - prefix) - 1 };
}

/** The block an IPv4 or IPv6 address or CIDR string denotes, or undefined. */
export function parseIpRange(text: string): IpRange | undefined {
  const packed = packIpv4(text);
  if (packed >= 0) return ipv4Range(packed);
  return parseIpv6(text);
}

function parseIpv6(text: string): Ipv6Range | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  let prefix = 128;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^(?:0|[1-9]\d{0,2})$/.test(p) || Number(p) > 128) return undefined;
    prefix = Number(p);
  }
  const groups = ipv6Groups(address);
  if (!groups) return undefined;
  const lo: number[] = [];
  const hi: number[] = [];
  groups.forEach((group, i) => {
    const bits = Math.min(16, Math.max(0, prefix - i * 16));
    const keep = bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
    lo.push(group & keep);
    hi.push((group & keep) | (~keep & 0xffff));
  });
  const hex = (g: number[]) => g.map((x) => x.toString(16).padStart(4, '0')).join('');
  return { family: 6, prefix, lo: hex(lo), hi: hex(hi) };
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a dotted IPv4 tail), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  if (!address.includes(':')) return undefined;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = packIpv4(piece);
        if (v4 < 0 || v4 % 64 !== 32) return undefined;
        const value = (v4 - 32) / 64;
        out.push(Math.floor(value / 65536), value % 65536);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) out.push(parseInt(piece, 16));
      else return undefined;
    }
    return out;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : undefined;
}

/** Whether block `a` lies wholly within block `b` (identical blocks included), same family. */
export function ipRangeWithin(a: IpRange, b: IpRange): boolean {
  if (a.family !== b.family) return false;
  return a.lo >= b.lo && a.hi <= b.hi;
}

/** Whether two blocks are the same network with the same prefix. */
export function ipRangeEqual(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.prefix === b.prefix && a.lo === b.lo;
}

/** A string key equal for equal blocks, different otherwise. */
export function ipRangeKey(range: IpRange): string {
  return `${range.family === 4 ? range.lo.toString(16) : range.lo}/${range.prefix}`;
}
