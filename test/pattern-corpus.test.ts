/**
 * The pattern corpus (test/fixtures/pattern/): spec examples and Shura's own patterns, valid
 * and invalid, with expected canonical forms, trees, diagnostics and matches.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { compileBulkMatcher } from '../src/pattern/bulk-matcher.js';
import { describeTree } from '../src/pattern/describe-tree.js';
import { compilePattern, matchPattern } from '../src/pattern/match-pattern.js';
import { observationsFrom } from '../src/pattern/observation.js';
import { parsePattern } from '../src/pattern/parse-pattern.js';
import { printPattern } from '../src/pattern/print-pattern.js';
import { validatePattern } from '../src/pattern/validate-pattern.js';

const fixture = <T>(name: string) =>
  (
    JSON.parse(readFileSync(new URL(`./fixtures/pattern/${name}`, import.meta.url), 'utf8')) as {
      patterns: T[];
    }
  ).patterns;

interface ValidEntry {
  pattern: string;
  canonical: string;
  tree: string;
  warnings: string[];
}
interface InvalidEntry {
  pattern: string;
  error: string;
  message: string;
}
interface MatchEntry {
  pattern: string;
  matches: string[];
}

const where = (d: { line: number; column: number; rule: string }) =>
  `${d.line}:${d.column} ${d.rule}`;
const spec = fixture<ValidEntry>('spec-examples.json');
const valid = fixture<ValidEntry>('valid.json');
const invalid = fixture<InvalidEntry>('invalid.json');
const matches = fixture<MatchEntry>('matches.json');
const objects = (
  JSON.parse(
    readFileSync(new URL('./fixtures/pattern/observations.json', import.meta.url), 'utf8'),
  ) as { objects: unknown[] }
).objects;

test('the corpus has at least 300 patterns', () => {
  assert.ok(spec.length + valid.length + invalid.length + matches.length >= 300);
});

for (const [name, entries] of [
  ['spec examples', spec],
  ['valid patterns', valid],
] as const)
  describe(`pattern corpus :: ${name}`, () => {
    for (const entry of entries)
      test(entry.pattern, () => {
        const result = validatePattern(entry.pattern);
        assert.deepEqual(result.errors.map(where), []);
        assert.equal(result.canonical, entry.canonical);
        assert.equal(describeTree(result.pattern!), entry.tree);
        assert.deepEqual(result.warnings.map(where), entry.warnings);
        assert.deepEqual(parsePattern(entry.canonical), result.pattern); // parse -> print -> parse
        assert.equal(printPattern(parsePattern(entry.canonical)), entry.canonical);
      });
  });

describe('pattern corpus :: invalid patterns', () => {
  for (const entry of invalid)
    test(entry.pattern, () => {
      const result = validatePattern(entry.pattern);
      assert.equal(result.valid, false);
      assert.equal(where(result.errors[0]!), entry.error);
      assert.equal(result.errors[0]!.message, entry.message);
    });
});

describe('pattern corpus :: matches against observations.json', () => {
  const observations = observationsFrom(objects);
  const bulk = compileBulkMatcher(matches.map((m, i) => ({ id: String(i), pattern: m.pattern })));
  const perObservation = observations.map((o) => bulk.matchObservation(o));
  for (const [i, entry] of matches.entries())
    test(entry.pattern, () => {
      assert.deepEqual(matchPattern(entry.pattern, objects).observationIds, entry.matches);
      // The bulk matcher, observation by observation, agrees with evaluating this pattern alone.
      const compiled = compilePattern(entry.pattern);
      observations.forEach((o, k) =>
        assert.equal(perObservation[k]!.includes(String(i)), compiled.evaluate([o]).matched, o.id),
      );
    });
});
