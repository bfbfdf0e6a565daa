import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compileBulkMatcher } from './bulk-matcher.js';
import { compilePattern, type CompiledPattern } from './match-pattern.js';
import { observationOfObservedData, type Observation } from './observation.js';
import { observationOfLine } from './observation-line.js';
import { PatternError } from './pattern-error.js';

// A small universe of values, so that generated patterns and observations often meet.
const IPS = ['10.0.0.1', '10.0.0.2', '10.0.1.7', '192.168.1.1', '10.0.0.0/24', '10.0.0.0/16'];
const BLOCKS = [
  '10.0.0.0/24',
  '10.0.0.0/8',
  '10.0.0.1/32',
  '0.0.0.0/0',
  '192.168.0.0/16',
  '10.0.0.1',
];
const V6 = ['2001:db8::1', '2001:db8::/32', '2001:db8:0:0:0:0:0:1/128', 'fe80::1'];
const DOMAINS = ['a.example', 'b.example', '10.0.0.1'];
const HASHES = ['aa', 'bb', 'AA'];
const NAMES = ['x.exe', 'y.dll'];
const q = (s: string) => `'${s}'`;
const one = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

/** Comparisons on one object type. */
const comparisons: Record<string, fc.Arbitrary<string>[]> = {
  'ipv4-addr': [
    one(IPS).map((v) => `ipv4-addr:value = ${q(v)}`),
    one(IPS).map((v) => `ipv4-addr:value != ${q(v)}`),
    one(BLOCKS).map((v) => `ipv4-addr:value ISSUBSET ${q(v)}`),
    one(BLOCKS).map((v) => `ipv4-addr:value ISSUPERSET ${q(v)}`),
    fc.subarray(IPS, { minLength: 1 }).map((vs) => `ipv4-addr:value IN (${vs.map(q).join(', ')})`),
    fc.constant("ipv4-addr:type = 'ipv4-addr'"),
    one(IPS).map((v) => `ipv4-addr:value NOT = ${q(v)}`),
  ],
  'ipv6-addr': [
    one(V6).map((v) => `ipv6-addr:value = ${q(v)}`),
    one(V6).map((v) => `ipv6-addr:value ISSUBSET ${q(v)}`),
  ],
  'domain-name': [
    one(DOMAINS).map((v) => `domain-name:value = ${q(v)}`),
    fc.constant("domain-name:value LIKE '%.example'"),
    one(IPS).map((v) => `domain-name:resolves_to_refs[*].value = ${q(v)}`),
    one(BLOCKS).map((v) => `domain-name:resolves_to_refs[*].value ISSUBSET ${q(v)}`),
  ],
  file: [
    one(HASHES).map((v) => `file:hashes.MD5 = ${q(v)}`),
    one(NAMES).map((v) => `file:name = ${q(v)}`),
    fc.constant("file:name MATCHES '^x'"),
    fc.integer({ min: 0, max: 20 }).map((n) => `file:size > ${n}`),
    fc.integer({ min: 0, max: 20 }).map((n) => `file:size = ${n}`),
    fc.constant('EXISTS file:name'),
  ],
  'network-traffic': [
    one(IPS).map((v) => `network-traffic:dst_ref.value = ${q(v)}`),
    one(BLOCKS).map((v) => `network-traffic:dst_ref.value ISSUBSET ${q(v)}`),
    one([80, 443]).map((p) => `network-traffic:dst_port = ${p}`),
    fc.constant('network-traffic:is_active = true'),
  ],
};
const TYPES = Object.keys(comparisons);

/** One type's comparisons joined by AND/OR, or an OR of two types' expressions. */
const sameType = one(TYPES).chain((type) =>
  fc
    .tuple(
      fc.array(fc.oneof(...comparisons[type]!), { minLength: 1, maxLength: 3 }),
      fc.array(one([' AND ', ' OR ']), { minLength: 2, maxLength: 2 }),
    )
    .map(([parts, ops]) => parts.reduce((acc, part, i) => `${acc}${ops[i - 1]}${part}`)),
);
const comparisonExpression = fc.oneof(
  { weight: 3, arbitrary: sameType },
  { weight: 1, arbitrary: fc.tuple(sameType, sameType).map(([a, b]) => `(${a}) OR (${b})`) },
);
const qualifier = fc.constantFrom(
  '',
  '',
  ' WITHIN 60 SECONDS',
  ' REPEATS 2 TIMES',
  " START t'2020-01-01T00:00:00Z' STOP t'2020-01-01T00:01:00Z'",
);
const leaf = fc.tuple(comparisonExpression, qualifier).map(([c, qual]) => `[${c}]${qual}`);
const pattern = fc.oneof(
  { weight: 4, arbitrary: leaf },
  {
    weight: 1,
    arbitrary: fc
      .tuple(leaf, one([' AND ', ' OR ', ' FOLLOWEDBY ']), leaf, qualifier)
      .map(([a, op, b, qual]) => `(${a}${op}${b})${qual}`),
  },
);

const sco = fc.oneof(
  one(IPS).map((value) => ({ type: 'ipv4-addr', value })),
  one(V6).map((value) => ({ type: 'ipv6-addr', value })),
  one(DOMAINS).map((value) => ({ type: 'domain-name', value })),
  fc.record(
    {
      type: fc.constant('file'),
      name: one(NAMES),
      size: fc.integer({ min: 0, max: 20 }),
      hashes: one(HASHES).map((h) => ({ MD5: h })),
    },
    { requiredKeys: ['type'] },
  ),
);
const observedData = fc
  .record({
    scos: fc.array(sco, { minLength: 1, maxLength: 3 }),
    withTraffic: fc.boolean(),
    withResolution: fc.boolean(),
    port: one([80, 443]),
    second: fc.integer({ min: 0, max: 90 }),
    count: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ scos, withTraffic, withResolution, port, second, count }) => {
    const objects: Record<string, unknown> = Object.fromEntries(
      scos.map((s, i) => [String(i), structuredClone(s)]),
    );
    const ip = scos.findIndex((s) => s.type === 'ipv4-addr');
    if (withTraffic && ip >= 0)
      objects.t = {
        type: 'network-traffic',
        dst_ref: String(ip),
        dst_port: port,
        is_active: port === 443,
      };
    if (withResolution && ip >= 0)
      objects.d = { type: 'domain-name', value: 'c.example', resolves_to_refs: [String(ip)] };
    const at = new Date(Date.UTC(2020, 0, 1, 0, 0, second)).toISOString();
    return {
      type: 'observed-data',
      id: 'observed-data--x',
      first_observed: at,
      last_observed: at,
      number_observed: count,
      objects,
    };
  });
const line = fc.oneof(
  one(IPS).map((v) => `ipv4-addr,${v}`),
  one(V6).map((v) => `ipv6-addr,${v}`),
  one(DOMAINS).map((v) => `domain-name,${v}`),
  one(HASHES).map((v) => `file:hashes.MD5,${v}`),
  one(NAMES).map((v) => `file,${v}`),
  fc.integer({ min: 0, max: 20 }).map((n) => `file:size,${n}`),
);

/** What evaluating each valid pattern on its own says about one observation. */
function oneByOne(compiled: (CompiledPattern | undefined)[], observation: Observation): string[] {
  return compiled.flatMap((c, i) =>
    c && c.evaluate([observation]).matched ? [`indicator-${i}`] : [],
  );
}
function tryCompile(source: string): CompiledPattern | undefined {
  try {
    return compilePattern(source);
  } catch (error) {
    if (error instanceof PatternError) return undefined;
    throw error;
  }
}

describe('BulkMatcher', () => {
  test('gives the same matches as evaluating every pattern one by one (differential, property)', () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { minLength: 1, maxLength: 25 }),
        fc.array(observedData, { maxLength: 12 }),
        fc.array(line, { maxLength: 12 }),
        (patterns, objects, lines) => {
          const compiled = patterns.map(tryCompile);
          const bulk = compileBulkMatcher(
            patterns.map((p, i) => ({ id: `indicator-${i}`, pattern: p })),
          );
          assert.equal(bulk.rejected.length, compiled.filter((c) => c === undefined).length);
          for (const object of objects) {
            const observation = observationOfObservedData(object)!;
            assert.deepEqual(
              bulk.matchObservation(observation),
              oneByOne(compiled, observation),
              JSON.stringify(object),
            );
          }
          for (const text of lines)
            assert.deepEqual(
              bulk.matchLine(text),
              oneByOne(compiled, observationOfLine(text)),
              text,
            );
        },
      ),
      { numRuns: 300 },
    );
  });

  test('indexes what it can: equality and CIDR probes decide alone, the rest is verified or residual', () => {
    const bulk = compileBulkMatcher([
      { id: 'hash', pattern: "[file:hashes.'SHA-256' = 'ab']" },
      { id: 'cidr', pattern: "[ipv4-addr:value ISSUBSET '10.0.0.0/8']" },
      { id: 'either', pattern: "[ipv4-addr:value = '10.1.1.1' OR ipv4-addr:value = '10.1.1.2']" },
      { id: 'anded', pattern: "[file:hashes.MD5 = 'cd' AND file:name MATCHES '^inv']" },
      { id: 'regex', pattern: "[url:value MATCHES 'evil']" },
      { id: 'broken', pattern: "[url:value = 'x'" },
    ]);
    const stats = bulk.stats;
    assert.deepEqual(
      [stats.indicators, stats.rejected, stats.exact, stats.verified, stats.residual],
      [6, 1, 3, 1, 1],
    );
    assert.equal(stats.ipv4Blocks, 1);
    assert.equal(bulk.rejected[0]!.id, 'broken');
    assert.deepEqual(bulk.matchLine('ipv4-addr,10.1.1.2'), ['cidr', 'either']);
    assert.deepEqual(bulk.matchLine("file:hashes.'SHA-256',ab"), ['hash']);
    assert.deepEqual(bulk.matchLine('url,http://evil.example/'), ['regex']);
    assert.deepEqual(bulk.matchSco({ type: 'file', name: 'invoice.exe', hashes: { MD5: 'cd' } }), [
      'anded',
    ]);
    assert.deepEqual(
      bulk.matchSco({ type: 'file', name: 'readme.txt', hashes: { MD5: 'cd' } }),
      [],
    );
  });

  test('a malformed line is a PatternError, not a crash', () => {
    const bulk = compileBulkMatcher([{ id: 'a', pattern: "[ipv4-addr:value = '10.0.0.1']" }]);
    assert.throws(() => bulk.matchLine('no comma here'), PatternError);
    assert.throws(() => bulk.matchLine('file:hashes.[0],x'), PatternError);
    assert.deepEqual(bulk.matchLine('ipv4-addr,10.0.0.1'), ['a']);
  });
});
