import { planProbes, type Probe } from './bulk-probes.js';
import { parseIpRange, scanIpv4, scannedIpv4, type IpRange } from './ip-address.js';
import { Ipv4IntervalIndex } from './ipv4-interval-index.js';
import { Ipv6PrefixIndex } from './ipv6-prefix-index.js';
import { compilePattern, type CompiledPattern } from './match-pattern.js';
import { observationOfSco, type Observation, type Sco } from './observation.js';
import { lineValue, parseLineTarget, scoOfLine, type LineTarget } from './observation-line.js';
import type { ParseOptions } from './parse-pattern.js';
import { PatternError } from './pattern-error.js';
import { printPath } from './print-pattern.js';
import { visitPath } from './visit-path.js';

/** An indicator as the bulk matcher needs it; STIX indicator objects fit. */
export interface IndicatorInput {
  id: string;
  pattern: string;
}

/** Counts describing a compiled bulk matcher. */
export interface BulkMatcherStats {
  indicators: number;
  rejected: number;
  /** Decided by an index hit alone. */
  exact: number;
  /** Found through an index, then evaluated. */
  verified: number;
  /** No index applies: evaluated for every observation with one of their object types. */
  residual: number;
  equalityKeys: number;
  ipv4Blocks: number;
  ipv6Blocks: number;
}

const EMPTY: readonly string[] = Object.freeze([]);
const add = <K>(map: Map<K, number[]>, key: K, entry: number) => {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
};

/** The index of one object path: equality maps by value type, IP blocks by family. */
class PathIndex {
  readonly strings = new Map<string, number[]>();
  readonly numbers = new Map<number, number[]>();
  readonly booleans = new Map<boolean, number[]>();
  /** IPv4 hosts (/32) by address as a signed 32-bit integer; other IPv4 blocks in ip4Nets. */
  readonly ip4Hosts = new Map<number, number[]>();
  readonly ip4Nets = new Map<string, number[]>();
  readonly ip6 = new Map<string, number[]>();
  readonly ip4Blocks = new Ipv4IntervalIndex();
  readonly ip6Blocks = new Ipv6PrefixIndex();
  hasIp4Blocks = false;
  hasIp6Blocks = false;
  constructor(readonly path: Probe['path']) {}
}

/**
 * Many indicator patterns compiled once into indexes (hash maps for equality, an interval
 * structure for IP blocks, a residual list for the rest), then matched against a stream of
 * observations. For every observation the result equals evaluating each pattern on that one
 * observation with matchPattern: an index only chooses the candidates; a candidate is
 * evaluated unless the hit alone decides it. Correlating several observations of a stream
 * (AND, FOLLOWEDBY across objects) is matchPattern's job, over a set.
 */
export class BulkMatcher {
  /** Indicators whose pattern is invalid, with the reason; they match nothing (§9.4). */
  readonly rejected: { id: string; error: PatternError }[] = [];
  private readonly ids: string[] = [];
  private readonly compiled: CompiledPattern[] = [];
  private readonly exact: boolean[] = [];
  private readonly byType = new Map<string, PathIndex[]>();
  private readonly byKey = new Map<string, PathIndex>();
  private readonly residual = new Map<string, number[]>();
  private readonly lineTargets = new Map<string, LineKnown | PatternError>();
  private stamp = new Int32Array(0);
  private generation = 0;
  /** The first distinct left sides seen, checked before slicing a line. */
  private readonly recentLefts: string[] = [];
  private readonly hits: number[] = [];
  private readonly candidates: number[] = [];
  private readonly hitEntry = (entry: number): void => this.hit(entry);
  private counts = { exact: 0, verified: 0, residual: 0 };

  constructor(indicators: Iterable<IndicatorInput>, options: ParseOptions = {}) {
    for (const indicator of indicators) {
      let compiled: CompiledPattern;
      try {
        compiled = compilePattern(indicator.pattern, options);
      } catch (error) {
        if (!(error instanceof PatternError)) throw error;
        this.rejected.push({ id: indicator.id, error });
        continue;
      }
      const entry = this.ids.length;
      this.ids.push(indicator.id);
      this.compiled.push(compiled);
      const plan = planProbes(compiled.pattern);
      this.exact.push(plan.exact);
      if (plan.probes) {
        this.counts[plan.exact ? 'exact' : 'verified']++;
        for (const probe of plan.probes) this.register(probe, entry);
      } else {
        this.counts.residual++;
        for (const type of compiled.objectTypes) add(this.residual, type, entry);
      }
    }
    for (const index of this.byKey.values()) {
      index.ip4Blocks.build();
      index.hasIp4Blocks = index.ip4Blocks.size > 0;
      index.hasIp6Blocks = index.ip6Blocks.size > 0;
    }
    this.stamp = new Int32Array(this.ids.length);
  }

  get stats(): BulkMatcherStats {
    let equalityKeys = 0;
    let ipv4Blocks = 0;
    let ipv6Blocks = 0;
    for (const i of this.byKey.values()) {
      equalityKeys +=
        i.strings.size +
        i.numbers.size +
        i.booleans.size +
        i.ip4Hosts.size +
        i.ip4Nets.size +
        i.ip6.size;
      ipv4Blocks += i.ip4Blocks.size;
      ipv6Blocks += i.ip6Blocks.size;
    }
    const { exact, verified, residual } = this.counts;
    const indicators = this.ids.length + this.rejected.length;
    return {
      indicators,
      rejected: this.rejected.length,
      exact,
      verified,
      residual,
      equalityKeys,
      ipv4Blocks,
      ipv6Blocks,
    };
  }

  private register(probe: Probe, entry: number): void {
    const key = printPath(probe.path);
    let index = this.byKey.get(key);
    if (!index) {
      index = new PathIndex(probe.path);
      this.byKey.set(key, index);
      const list = this.byType.get(probe.path.objectType) ?? [];
      list.push(index);
      this.byType.set(probe.path.objectType, list);
    }
    if (probe.kind === 'within') {
      if (probe.range.family === 4) index.ip4Blocks.add(probe.range.lo, probe.range.hi, entry);
      else index.ip6Blocks.add(probe.range, entry);
      return;
    }
    const { constant } = probe;
    if (constant.kind === 'boolean') return add(index.booleans, constant.value, entry);
    if (constant.kind !== 'string') return add(index.numbers, constant.value, entry);
    add(index.strings, constant.value, entry);
    if (scanIpv4(constant.value)) {
      const { network, prefix } = scannedIpv4;
      if (prefix === 32) add(index.ip4Hosts, network, entry);
      else add(index.ip4Nets, `${network}/${prefix}`, entry);
    } else {
      const range = parseIpRange(constant.value);
      if (range?.family === 6) add(index.ip6, `${range.lo}/${range.prefix}`, entry);
    }
  }

  /** Ids of the indicators whose pattern matches this one observation. */
  matchObservation(observation: Observation): readonly string[] {
    this.begin();
    let ownerIsIp = false;
    let index: PathIndex | undefined;
    const visitor = (value: unknown, owner: Readonly<Record<string, unknown>>, name: string) => {
      ownerIsIp = name === 'value' && (owner.type === 'ipv4-addr' || owner.type === 'ipv6-addr');
      this.probe(index!, value, ownerIsIp);
      return false;
    };
    for (const root of observation.roots) {
      for (index of this.byType.get(root.type) ?? [])
        visitPath(index.path, root, observation.objects, visitor);
      this.hitAll(this.residual.get(root.type));
    }
    return this.finish(observation, undefined, undefined);
  }

  /** Ids of the indicators whose pattern matches one bare SCO (seen once, at an unknown time). */
  matchSco(sco: Sco, pool?: ReadonlyMap<string, Sco>): readonly string[] {
    return this.matchObservation(observationOfSco(sco, pool));
  }

  /**
   * Ids of the indicators matching a `type,value` (or `type:path,value`) line, the same as
   * matchSco of the SCO it describes. Throws PatternError for a malformed left side.
   */
  matchLine(line: string): readonly string[] {
    const comma = line.indexOf(',');
    if (comma < 0)
      throw new PatternError({
        offset: line.length,
        line: 1,
        column: line.length + 1,
        severity: 'error',
        rule: 'syntax',
        message: "expected 'type,value'",
      });
    let known: LineKnown | PatternError | undefined;
    const recent = this.recentLefts;
    for (let k = 0; k < recent.length; k++) {
      const left = recent[k]!;
      if (left.length === comma && line.startsWith(left)) {
        known = this.lineTargets.get(left);
        break;
      }
    }
    if (known === undefined) {
      const left = line.slice(0, comma);
      known = this.lineTargets.get(left);
      if (known === undefined) {
        known = this.lineTarget(left);
        if (this.lineTargets.size < 10_000) this.lineTargets.set(left, known);
      }
      if (recent.length < 16) recent.push(left);
    }
    if (known instanceof PatternError) throw known;
    const { target, own, typeIndex, ownerIsIp, residual } = known;
    const text = line.slice(comma + 1);
    const value = target.valueKind === 'string' ? text : lineValue(target, text);
    this.begin();
    if (own) this.probe(own, value, ownerIsIp);
    if (typeIndex) this.probe(typeIndex, target.objectType, false);
    if (residual) this.hitAll(residual);
    if (this.hits.length === 0 && this.candidates.length === 0) return EMPTY;
    return this.finish(undefined, target, value);
  }

  /** The line's target and the indexes its SCO can reach: its own path's and `type`'s. */
  private lineTarget(left: string): LineKnown | PatternError {
    let target: LineTarget;
    try {
      target = parseLineTarget(left);
    } catch (error) {
      if (error instanceof PatternError) return error;
      throw error;
    }
    const own = this.byKey.get(target.key);
    const typeIndex = this.byKey.get(`${target.objectType}:type`);
    const ownerIsIp = target.key === 'ipv4-addr:value' || target.key === 'ipv6-addr:value';
    const residual = this.residual.get(target.objectType);
    return {
      target,
      own,
      typeIndex: typeIndex === own ? undefined : typeIndex,
      ownerIsIp,
      residual,
    };
  }

  private begin(): void {
    if (this.hits.length > 0) this.hits.length = 0;
    if (this.candidates.length > 0) this.candidates.length = 0;
    if (++this.generation >= 0x3fffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
  }

  private hit(entry: number): void {
    if (this.stamp[entry] === this.generation) return;
    this.stamp[entry] = this.generation;
    (this.exact[entry] ? this.hits : this.candidates).push(entry);
  }

  private hitAll(list: readonly number[] | undefined): void {
    if (list) for (let k = 0; k < list.length; k++) this.hit(list[k]!);
  }

  /** Evaluates the candidates an index could not decide, then names the matches. */
  private finish(
    observation: Observation | undefined,
    target: LineTarget | undefined,
    value: string | number | boolean | undefined,
  ): readonly string[] {
    const hits = this.hits;
    if (this.candidates.length > 0) {
      const observed = [observation ?? observationOfSco(scoOfLine(target!, value!))];
      for (const entry of this.candidates)
        if (this.compiled[entry]!.evaluate(observed).matched) hits.push(entry);
    }
    if (hits.length === 0) return EMPTY;
    hits.sort((a, b) => a - b);
    return hits.map((entry) => this.ids[entry]!);
  }

  /**
   * Looks one value up in a path's index, the way `=`, `IN` and `ISSUBSET` compare it
   * (compile-comparison.ts): an IP address SCO's value by block, anything else by equality.
   */
  private probe(index: PathIndex, value: unknown, ownerIsIp: boolean): void {
    if (typeof value === 'number') return this.hitAll(index.numbers.get(value));
    if (typeof value === 'boolean') return this.hitAll(index.booleans.get(value));
    if (typeof value !== 'string') return;
    const ipv4 = scanIpv4(value);
    let range: IpRange | undefined;
    if (ipv4) {
      const { network, prefix } = scannedIpv4;
      if (ownerIsIp)
        this.hitAll(
          prefix === 32 ? index.ip4Hosts.get(network) : index.ip4Nets.get(`${network}/${prefix}`),
        );
      if (index.hasIp4Blocks) {
        const lo = network >>> 0;
        index.ip4Blocks.query(lo, lo + 2 ** (32 - prefix) - 1, this.hitEntry);
      }
    } else if ((ownerIsIp || index.hasIp6Blocks) && value.includes(':')) {
      range = parseIpRange(value);
      if (range?.family === 6) {
        if (ownerIsIp) this.hitAll(index.ip6.get(`${range.lo}/${range.prefix}`));
        index.ip6Blocks.query(range, this.hitEntry);
      }
    }
    if (!ownerIsIp || (!ipv4 && range === undefined)) this.hitAll(index.strings.get(value));
  }
}

interface LineKnown {
  target: LineTarget;
  own: PathIndex | undefined;
  typeIndex: PathIndex | undefined;
  ownerIsIp: boolean;
  residual: readonly number[] | undefined;
}

/** Compiles indicator patterns for bulk matching; invalid ones are listed in `rejected`. */
export function compileBulkMatcher(
  indicators: Iterable<IndicatorInput>,
  options: ParseOptions = {},
): BulkMatcher {
  return new BulkMatcher(indicators, options);
}
