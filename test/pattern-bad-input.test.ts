import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compileBulkMatcher } from '../src/pattern/bulk-matcher.js';
import { matchPattern } from '../src/pattern/match-pattern.js';
import { parsePattern } from '../src/pattern/parse-pattern.js';
import { PatternError } from '../src/pattern/pattern-error.js';
import { printPattern } from '../src/pattern/print-pattern.js';
import { validatePattern } from '../src/pattern/validate-pattern.js';

/** The first error of a pattern, as "line:column rule: message". */
function firstError(source: string): string {
  const d = validatePattern(source).errors[0];
  assert.ok(d, `expected ${source.slice(0, 60)} to be invalid`);
  return `${d.line}:${d.column} ${d.rule}: ${d.message}`;
}

describe('bad patterns :: clear errors, no crash, no hang (issue 5, "Bad input")', () => {
  test('unbalanced brackets and parentheses', () => {
    assert.match(firstError("[file:name = 'a'"), /^1:17 syntax: expected AND, OR or '\]'/);
    assert.match(firstError("file:name = 'a']"), /^1:1 syntax: expected '\[' or '\('/);
    assert.match(firstError("[[file:name = 'a']]"), /^1:2 syntax: expected an object path/);
    assert.match(firstError("([file:name = 'a']"), /^1:1 unbalanced: unbalanced '\('/);
    assert.match(firstError("[file:name = 'a']))"), /^1:18 unbalanced: unbalanced '\)'/);
    assert.match(firstError("[(file:name = 'a']"), /^1:18 syntax: expected AND, OR or '\)'/);
    assert.match(firstError("[file:name = 'a')]"), /^1:17 syntax: expected AND, OR or '\]'/);
  });

  test('unterminated strings and constants point at their opening quote', () => {
    assert.match(firstError("[file:name = 'abc]"), /^1:14 unterminated-string/);
    assert.match(firstError("[file:name = 'abc\\']"), /^1:14 unterminated-string/);
    assert.match(firstError("[file:ctime = t'2020-01-01T00:00:00Z]"), /^1:16 unterminated-string/);
    assert.match(
      firstError("[file:name = 'a' AND\n file:size = 1 AND file:x = 'oops]"),
      /^2:29 unterminated-string/,
    );
  });

  test('a 1 MB pattern parses, prints and matches', () => {
    const values = Array.from({ length: 60_000 }, (_, i) => `'evil-${i}.example'`);
    const source = `[domain-name:value IN (${values.join(', ')})]`;
    assert.ok(source.length > 1_000_000);
    const result = validatePattern(source);
    assert.equal(result.valid, true);
    assert.equal(result.canonical, source);
    assert.ok(
      matchPattern(source, [
        { type: 'domain-name', id: 'domain-name--1', value: 'evil-59999.example' },
      ]).matched,
    );
    const chain = Array.from(
      { length: 30_000 },
      (_, i) => `[ipv4-addr:value = '10.0.${i >> 8}.${i & 255}']`,
    ).join(' OR ');
    assert.ok(chain.length > 1_000_000);
    assert.ok(matchPattern(chain, [{ type: 'ipv4-addr', value: '10.0.97.167' }]).matched);
  });

  test('a 1 MB run of garbage or of open brackets fails at its first bad token', () => {
    assert.match(
      firstError(`[file:name = 'a'] ${'%'.repeat(1_000_000)}`),
      /^1:19 unexpected-character/,
    );
    assert.match(firstError('['.repeat(1_000_000)), /^1:2 syntax: expected an object path/);
    assert.match(firstError('('.repeat(1_000_000)), /^1:1000001 syntax: expected '\[' or '\('/);
  });

  test('patterns over the length limit are refused before parsing', () => {
    assert.match(
      firstError(`[file:name = '${'a'.repeat(5_000_000)}']`),
      /too-long: pattern is 5000016 characters long/,
    );
    assert.throws(
      () => parsePattern("[file:name = 'abc']", { maxLength: 10 }),
      /more than the limit of 10/,
    );
  });

  test('10,000 nested parentheses: redundant ones parse; deep trees get a clear error, not a stack overflow', () => {
    const open = '('.repeat(10_000);
    const close = ')'.repeat(10_000);
    assert.equal(
      printPattern(parsePattern(`[${open}file:name = 'a'${close}]`)),
      "[file:name = 'a']",
    );
    assert.equal(
      printPattern(parsePattern(`${open}[file:name = 'a']${close} WITHIN 5 SECONDS`)),
      "[file:name = 'a'] WITHIN 5 SECONDS",
    );
    let alternating = "file:name = 'x'";
    for (let i = 0; i < 10_000; i++)
      alternating = `(file:size = ${i} ${i % 2 ? 'AND' : 'OR'} ${alternating})`;
    assert.match(
      firstError(`[${alternating}]`),
      /too-deep: expression nested more than 256 levels deep/,
    );
    let qualified = "[file:name = 'x']";
    for (let i = 0; i < 10_000; i++)
      qualified = `(${qualified} AND [file:size = ${i}]) WITHIN ${i + 1} SECONDS`;
    assert.match(firstError(qualified), /too-deep/);
    assert.match(
      firstError(`[file:${'a.'.repeat(10_000)}b = 1]`),
      /too-deep: object path has more than 256 steps/,
    );
  });

  test('catastrophic regular expressions finish, with the right answer', () => {
    const subject = `${'a'.repeat(20_000)}!`;
    const objects = [{ type: 'file', id: 'file--1', name: subject }];
    assert.equal(matchPattern("[file:name MATCHES '^(a+)+$']", objects).matched, false);
    assert.equal(matchPattern("[file:name MATCHES '^(a|aa)*!$']", objects).matched, true);
    assert.equal(
      matchPattern("[file:name MATCHES '(x+x+)+y']", [{ type: 'file', name: 'x'.repeat(20_000) }])
        .matched,
      false,
    );
    assert.match(
      firstError("[file:name MATCHES '(a)\\\\1']"),
      /regex: regular expression not supported: backreferences/,
    );
  });

  test('unknown object types: custom ones warn, impossible ones are errors', () => {
    assert.deepEqual(
      validatePattern("[x-acme-widget:serial = '1']").warnings.map((w) => w.rule),
      ['unknown-type'],
    );
    assert.match(firstError("[malware:name = 'WannaCry']"), /not a Cyber-observable Object type/);
    assert.match(firstError("[IPv4-Addr:value = '10.0.0.1']"), /not a valid STIX type name/);
  });

  test('timestamps out of range', () => {
    for (const [stamp, why] of [
      ['2017-13-01T00:00:00Z', /month 13/],
      ['2017-02-29T00:00:00Z', /day 29 is out of range for 2017-02/],
      ['2017-04-31T00:00:00Z', /day 31/],
      ['2017-01-01T25:00:00Z', /hour 25/],
      ['2017-01-01T00:60:00Z', /minute 60/],
      ['2017-01-01T00:00:60Z', /second 60/],
      ['12017-01-01T00:00:00Z', /must look like/],
      ['2017-01-01', /must look like/],
    ] as const)
      assert.match(firstError(`[file:ctime > t'${stamp}']`), why, stamp);
    assert.equal(validatePattern("[file:ctime > t'2016-12-31T23:59:60Z']").valid, true); // a leap second
    assert.equal(validatePattern("[file:ctime > t'2000-02-29T00:00:00Z']").valid, true);
  });

  test('control characters and stray symbols are named', () => {
    assert.ok(firstError("[file:name = 'a']\u0000").includes("unexpected character '\u0000'"));
    assert.match(
      firstError("[file:name = 'a'] & [url:value = 'b']"),
      /^1:19 unexpected-character: unexpected character '&'/,
    );
  });

  test('validatePattern never throws and always points inside the text (property)', () => {
    const piece = fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      "'",
      "\\'",
      ' ',
      'file:name',
      '=',
      'AND',
      'OR',
      'FOLLOWEDBY',
      'WITHIN',
      '5',
      'SECONDS',
      "t'",
      "h'",
      '-',
      '.',
      '*',
      'IN',
      ',',
      '\n',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }).map((p) => p.join('')),
        (source) => {
          const result = validatePattern(source);
          for (const d of [...result.errors, ...result.warnings])
            assert.ok(d.offset >= 0 && d.offset <= source.length);
          if (result.valid)
            assert.equal(validatePattern(result.canonical!).canonical, result.canonical);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('bad observations :: ignored parts, no crash', () => {
  test('odd observed-data and SCOs', () => {
    const objects = [
      {
        type: 'observed-data',
        id: 'observed-data--1',
        first_observed: 'yesterday',
        number_observed: -3,
        objects: { '0': { type: 'file', name: 'a', parent_directory_ref: '0' } },
      },
      { type: 'observed-data', id: 'observed-data--2', object_refs: 'not a list' },
      {
        type: 'file',
        id: 'file--1',
        name: 'a',
        parent_directory_ref: 'file--1',
        contains_refs: [null, 7, 'file--1'],
      },
      null,
      'junk',
      { type: 42 },
    ];
    assert.deepEqual(matchPattern("[file:name = 'a']", objects).observationIds, [
      'observed-data--1',
      'file--1',
    ]);
    assert.ok(
      matchPattern("[file:parent_directory_ref.parent_directory_ref.name = 'a']", objects).matched,
    );
    assert.ok(matchPattern("[file:contains_refs[*].name = 'a']", objects).matched);
    assert.equal(
      matchPattern(
        "[file:name = 'a'] START t'2000-01-01T00:00:00Z' STOP t'2100-01-01T00:00:00Z'",
        objects,
      ).matched,
      false,
    );
  });

  test('a huge number_observed with a large REPEATS finishes', () => {
    const many = {
      type: 'observed-data',
      id: 'observed-data--1',
      first_observed: '2020-01-01T00:00:00Z',
      last_observed: '2020-01-01T00:00:00Z',
      number_observed: 1_000_000,
      objects: { '0': { type: 'url', value: 'x' } },
    };
    assert.ok(matchPattern("[url:value = 'x'] REPEATS 1000 TIMES", [many]).matched);
    assert.equal(
      matchPattern("[url:value = 'x'] REPEATS 1000 TIMES", [{ ...many, number_observed: 999 }])
        .matched,
      false,
    );
  });

  test('the bulk matcher reports invalid patterns and keeps going', () => {
    const bulk = compileBulkMatcher([
      { id: 'bad', pattern: "[file:name = 'a" },
      { id: 'good', pattern: "[file:name = 'a']" },
    ]);
    assert.equal(bulk.rejected[0]?.error instanceof PatternError, true);
    assert.deepEqual(bulk.matchLine('file,a'), ['good']);
  });
});
