/**
 * IPv4 blocks as an interval structure: the address line is cut at every block's start and
 * end into elementary segments, each listing the blocks that cover it. A query is one binary
 * search plus the covering blocks, O(log n + k). Identical blocks share one interval, and
 * CIDR blocks nest, so a segment lists at most 33 intervals.
 */
export class Ipv4IntervalIndex {
  private readonly pending = new Map<string, { lo: number; hi: number; values: number[] }>();
  private bounds = new Float64Array(0);
  private segmentStart = new Int32Array(1);
  private segmentIntervals = new Int32Array(0);
  private his: number[] = [];
  private values: number[][] = [];
  private built = false;

  /** Number of distinct blocks. */
  get size(): number {
    return this.built ? this.values.length : this.pending.size;
  }

  /** Adds block [lo, hi] (inclusive) carrying `value`. Only before build(). */
  add(lo: number, hi: number, value: number): void {
    if (this.built) throw new Error('Ipv4IntervalIndex: add after build');
    const key = `${lo}-${hi}`;
    const entry = this.pending.get(key);
    if (entry) entry.values.push(value);
    else this.pending.set(key, { lo, hi, values: [value] });
  }

  /** Freezes the index; query() needs it. */
  build(): void {
    const intervals = [...this.pending.values()];
    this.pending.clear();
    this.his = intervals.map((i) => i.hi);
    this.values = intervals.map((i) => i.values);
    const events = new Map<number, { start: number[]; end: number[] }>();
    const at = (point: number) => {
      let e = events.get(point);
      if (!e) events.set(point, (e = { start: [], end: [] }));
      return e;
    };
    intervals.forEach((interval, id) => {
      at(interval.lo).start.push(id);
      at(interval.hi + 1).end.push(id);
    });
    const points = [...events.keys()].sort((a, b) => a - b);
    const active = new Set<number>();
    const starts: number[] = [0];
    const members: number[] = [];
    for (const point of points) {
      const e = events.get(point)!;
      for (const id of e.end) active.delete(id);
      for (const id of e.start) active.add(id);
      for (const id of active) members.push(id);
      starts.push(members.length);
    }
    this.bounds = Float64Array.from(points);
    this.segmentStart = Int32Array.from(starts);
    this.segmentIntervals = Int32Array.from(members);
    this.built = true;
  }

  /** Calls `visit` with the value of every block that contains all of [lo, hi]. */
  query(lo: number, hi: number, visit: (value: number) => void): void {
    const bounds = this.bounds;
    let low = 0;
    let high = bounds.length - 1;
    if (high < 0 || lo < bounds[0]!) return;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (bounds[mid]! <= lo) low = mid;
      else high = mid - 1;
    }
    for (let k = this.segmentStart[low]!; k < this.segmentStart[low + 1]!; k++) {
      const id = this.segmentIntervals[k]!;
      if (this.his[id]! >= hi) for (const value of this.values[id]!) visit(value);
    }
  }
}
