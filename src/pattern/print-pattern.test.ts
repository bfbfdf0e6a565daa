import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type {
  ComparisonExpression,
  ComparisonOperator,
  Constant,
  ObservationExpression,
  PathStep,
  Qualifier,
} from './ast.js';
import { formatFloat } from './constants.js';
import { parsePattern } from './parse-pattern.js';
import { printPattern } from './print-pattern.js';

const timestamp = fc
  .date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());
const bytes = fc.uint8Array({ maxLength: 6 });
const text = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom("'", '\\', "\\'", '😀', 'é\n', ''),
);

const constant: fc.Arbitrary<Constant> = fc.oneof(
  text.map((value) => ({ kind: 'string' as const, value })),
  fc
    .maxSafeInteger()
    .map((value) => ({ kind: 'integer' as const, value: value === 0 ? 0 : value })),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .map((value) => ({ kind: 'float' as const, value })),
  fc.boolean().map((value) => ({ kind: 'boolean' as const, value })),
  timestamp.map((value) => ({ kind: 'timestamp' as const, value })),
  bytes.map((b) => ({ kind: 'hex' as const, value: Buffer.from(b).toString('hex') })),
  bytes.map((b) => ({ kind: 'binary' as const, value: Buffer.from(b).toString('base64') })),
);

const name = fc.oneof(
  fc.constantFrom(
    'name',
    'value',
    'hashes',
    'SHA-256',
    'x_y',
    "it's",
    'a.b',
    'AND',
    'windows-pebinary-ext',
  ),
  fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/),
);
const step: fc.Arbitrary<PathStep> = fc.oneof(
  name.map((n) => ({ kind: 'property' as const, name: n })),
  fc
    .oneof(fc.nat(20), fc.constant('*' as const))
    .map((index) => ({ kind: 'index' as const, index })),
);
const path = fc.record({
  objectType: fc.constantFrom('file', 'ipv4-addr', 'network-traffic', 'x-custom-thing'),
  steps: fc
    .tuple(name, fc.array(step, { maxLength: 3 }))
    .map(([first, rest]) => [{ kind: 'property' as const, name: first }, ...rest]),
});

const stringOperator = fc.constantFrom<ComparisonOperator>(
  'LIKE',
  'MATCHES',
  'ISSUBSET',
  'ISSUPERSET',
);
const comparison: fc.Arbitrary<ComparisonExpression> = fc.oneof(
  fc.record({ kind: fc.constant('exists' as const), path }),
  fc.record({
    kind: fc.constant('comparison' as const),
    path,
    operator: fc.constantFrom<ComparisonOperator>('=', '!='),
    negated: fc.boolean(),
    value: constant,
  }),
  fc.record({
    kind: fc.constant('comparison' as const),
    path,
    operator: fc.constantFrom<ComparisonOperator>('<', '>', '<=', '>='),
    negated: fc.boolean(),
    value: constant.filter((c) => c.kind !== 'boolean'),
  }),
  fc.record({
    kind: fc.constant('comparison' as const),
    path,
    operator: fc.constant<ComparisonOperator>('IN'),
    negated: fc.boolean(),
    value: fc
      .array(constant, { minLength: 1, maxLength: 3 })
      .map((values) => ({ kind: 'set' as const, values })),
  }),
  fc.record({
    kind: fc.constant('comparison' as const),
    path,
    operator: stringOperator,
    negated: fc.boolean(),
    value: text.map((value) => ({ kind: 'string' as const, value })),
  }),
);

const qualifier: fc.Arbitrary<Qualifier> = fc.oneof(
  fc
    .oneof(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 1e-3, max: 1e9, noNaN: true }))
    .map((seconds) => ({ kind: 'within' as const, seconds })),
  fc.integer({ min: 1, max: 1000 }).map((times) => ({ kind: 'repeats' as const, times })),
  fc
    .tuple(timestamp, timestamp)
    .map(([start, stop]) => ({ kind: 'start-stop' as const, start, stop })),
);

const { pattern } = fc.letrec<{ boolean: ComparisonExpression; pattern: ObservationExpression }>(
  (tie) => ({
    boolean: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      comparison,
      fc.record({
        kind: fc.constantFrom('and' as const, 'or' as const),
        operands: fc.array(tie('boolean'), { minLength: 2, maxLength: 3 }),
      }),
    ),
    pattern: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tie('boolean').map((c) => ({ kind: 'observation' as const, comparison: c })),
      fc.record({
        kind: fc.constantFrom(
          'observation-and' as const,
          'observation-or' as const,
          'followedby' as const,
        ),
        operands: fc.array(tie('pattern'), { minLength: 2, maxLength: 3 }),
      }),
      fc.record({ kind: fc.constant('qualified' as const), expression: tie('pattern'), qualifier }),
    ),
  }),
);

/** Merges operands of the same associative kind, as the parser does. */
function flatten<T extends { kind: string }>(node: T): T {
  const n = node as unknown as { kind: string; operands?: T[]; comparison?: T; expression?: T };
  if (n.comparison) return { ...node, comparison: flatten(n.comparison) };
  if (n.expression) return { ...node, expression: flatten(n.expression) };
  if (!n.operands) return node;
  const operands = n.operands
    .map(flatten)
    .flatMap((o) => (o.kind === n.kind ? (o as unknown as { operands: T[] }).operands : [o]));
  return { ...node, operands };
}

describe('printPattern', () => {
  test('parse(print(tree)) is the tree, and printing is a fixed point (property)', () => {
    fc.assert(
      fc.property(pattern, (generated) => {
        const tree = flatten(structuredClone(generated));
        const printed = printPattern(tree);
        const reparsed = parsePattern(printed);
        assert.deepEqual(reparsed, tree, printed);
        assert.equal(printPattern(reparsed), printed);
      }),
      { numRuns: 400 },
    );
  });

  test('canonical form: spacing, minimal parentheses, quoting', () => {
    const canonical = (source: string) => printPattern(parsePattern(source));
    assert.equal(
      canonical(
        "  ( [ file:hashes.'MD5'='x'OR file:name   = 'a\\'b' ]\nAND[ a:x=1.50 ] )  WITHIN 300.0 SECONDS",
      ),
      "([file:hashes.MD5 = 'x' OR file:name = 'a\\'b'] AND [a:x = 1.5]) WITHIN 300 SECONDS",
    );
    assert.equal(
      canonical('[a:x = 1] OR ([a:x = 2] OR [a:x = 3])'),
      '[a:x = 1] OR [a:x = 2] OR [a:x = 3]',
    );
    assert.equal(
      canonical('([a:x = 1] OR [a:x = 2]) AND [a:x = 3]'),
      '([a:x = 1] OR [a:x = 2]) AND [a:x = 3]',
    );
    assert.equal(
      canonical('[(a:x = 1 OR a:y = 2) AND a:z = 3]'),
      '[(a:x = 1 OR a:y = 2) AND a:z = 3]',
    );
    assert.equal(canonical("[a:'x y'[*].z NOT IN (1, 2.25)]"), "[a:'x y'[*].z NOT IN (1, 2.25)]");
  });

  test('formatFloat writes no exponent and reads back exactly', () => {
    for (const x of [0, -0, 1, 7, 0.1, 1e21, 1.5e300, 1e-7, 5e-324, -123.456, 2 ** 53 + 2])
      assert.equal(Object.is(Number(formatFloat(x)), x), true, `${x} -> ${formatFloat(x)}`);
    assert.equal(formatFloat(1e21), '1000000000000000000000.0');
    assert.equal(formatFloat(1.25e-7), '0.000000125');
  });
});
