import type { Ipv6Range } from './ip-address.js';

/** Keeps the first `prefix` bits of 32 hex digits and zeroes the rest. */
function networkOf(hex: string, prefix: number): string {
  const whole = prefix >> 2;
  const bits = prefix & 3;
  if (bits === 0) return hex.slice(0, whole).padEnd(32, '0');
  const digit = parseInt(hex[whole]!, 16) & (0xf << (4 - bits));
  return (hex.slice(0, whole) + digit.toString(16)).padEnd(32, '0');
}

/**
 * IPv6 blocks by prefix length: one hash map per length in use, from network to values. A
 * query masks the address once per length, at most 129 lookups; real feeds use a handful.
 */
export class Ipv6PrefixIndex {
  private readonly byPrefix = new Map<number, Map<string, number[]>>();
  private prefixes: number[] = [];

  get size(): number {
    let n = 0;
    for (const map of this.byPrefix.values()) n += map.size;
    return n;
  }

  add(range: Ipv6Range, value: number): void {
    let map = this.byPrefix.get(range.prefix);
    if (!map) {
      this.byPrefix.set(range.prefix, (map = new Map<string, number[]>()));
      this.prefixes = [...this.byPrefix.keys()].sort((a, b) => a - b);
    }
    const list = map.get(range.lo);
    if (list) list.push(value);
    else map.set(range.lo, [value]);
  }

  /** Calls `visit` with the value of every block that contains all of `range`. */
  query(range: Ipv6Range, visit: (value: number) => void): void {
    for (const prefix of this.prefixes) {
      if (prefix > range.prefix) break;
      const list = this.byPrefix.get(prefix)!.get(networkOf(range.lo, prefix));
      if (list) for (const value of list) visit(value);
    }
  }
}
