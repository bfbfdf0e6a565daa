import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { codePoints, LinearRegex, MAX_REGEX_PROGRAM } from './linear-regex.js';
import { RegexSyntaxError } from './regex-syntax.js';

const matches = (regex: string, subject: string) =>
  new LinearRegex(regex).test(codePoints(subject));

describe('LinearRegex :: the supported PCRE subset, as a search with DOTALL (STIX 2.1 §9.6.1)', () => {
  const cases: [string, string, boolean][] = [
    ['abc', 'xxabcxx', true],
    ['^abc', 'xabc', false],
    ['^abc$', 'abc', true],
    ['^abc$', 'abc\n', true], // PCRE: $ also matches before a final newline
    ['^abc\\z', 'abc\n', false],
    ['a.c', 'a\nc', true], // DOTALL
    ['(?-s)a.c', 'a\nc', false],
    ['(?m)^b$', 'a\nb\nc', true],
    ['^b$', 'a\nb\nc', false],
    ['(a|bc)+d', 'abcbcad', true],
    ['^x{2,3}$', 'xxxx', false],
    ['^x{2,}$', 'xxxx', true],
    ['^x{2}y?$', 'xxy', true],
    ['a{,3}', 'a{,3}', true], // not a quantifier: literal text
    ['(?i)HeLLo', 'hello', true],
    ['(?i:a)b', 'AB', false],
    ['(a(?i)b|c)', 'C', true], // (?i) reaches later alternatives of its group
    ['[a-c]+\\d\\s\\w', 'bb4 _', true],
    ['[^a-c]', 'abc', false],
    ['[]a]', ']', true],
    ['[a\\-z]', '-', true],
    ['[[:xdigit:]]{4}', 'beef', true],
    ['[[:^alpha:]]', 'abc', false],
    ['\\bfoo\\b', 'a foo.', true],
    ['\\bfoo\\b', 'afoo', false],
    ['\\Bfoo', 'afoo', true],
    ['\\x41\\x{42}\\0\\o{103}', 'AB\0C', true],
    ['\\Qa.b*\\E', 'a.b*', true],
    ['\\Qa.b*\\E', 'axbb', false],
    ['(?x) a b # comment\n c', 'abc', true],
    ['(?<year>\\d{4})-(?:\\d\\d)', '2017-05', true],
    ['café', 'un café', true],
    ['(?i)É', 'é', true],
    ['^.{3}$', '😀ab', true], // one code point, not two UTF-16 units
    ['a|', 'zzz', true],
    ['()*x', 'x', true],
    ['.+\\@example\\.com$', 'bob@example.com', true],
    ['^C:\\\\Windows\\w+$', 'C:\\WindowsSystem', true],
  ];
  for (const [regex, subject, expected] of cases)
    test(`${JSON.stringify(regex)} on ${JSON.stringify(subject)} is ${expected}`, () =>
      assert.equal(matches(regex, subject), expected));

  test('binary subjects are octets; case folding is ASCII only', () => {
    const pcap = new LinearRegex('\\xd4\\xc3\\xb2\\xa1');
    assert.equal(pcap.test([0x00, 0xd4, 0xc3, 0xb2, 0xa1, 0x02], true), true);
    assert.equal(pcap.test([0xd4, 0xc3, 0xb2], true), false);
    assert.equal(new LinearRegex('(?i)a').test([0x41], true), true);
    assert.equal(new LinearRegex('(?i)\\xe9').test([0xc9], true), false);
  });
});

describe('LinearRegex :: rejects what a linear-time engine cannot do, by name', () => {
  const rejected: [string, RegExp][] = [
    ['(a)\\1', /backreferences/],
    ['(?<n>a)\\k<n>', /backreferences/],
    ['\\103', /backreferences/],
    ['a(?=b)', /lookaround/],
    ['(?<!a)b', /lookaround/],
    ['(?>a+)b', /atomic groups/],
    ['a*+', /possessive/],
    ['a++b', /possessive/],
    ['(?(1)a|b)', /conditional/],
    ['(?R)', /not supported/],
    ['\\p{L}', /Unicode properties/],
    ['\\G', /not supported/],
    ['a{1001}', /above 1000/],
    ['a{3,2}', /out of order/],
    ['*a', /nothing to repeat/],
    ['^*', /assertion cannot be repeated/],
    ['(a', /missing '\)'/],
    ['a)', /unmatched/],
    ['[a', /missing terminating \]/],
    ['[z-a]', /out of order/],
    ['[[:alpah:]]', /unknown POSIX class/],
    ['\\y', /not supported/],
    ['a\\', /at end of pattern/],
    ['(((a{1000}){1000}){1000})', /too large/],
  ];
  for (const [regex, message] of rejected)
    test(JSON.stringify(regex), () =>
      assert.throws(
        () => new LinearRegex(regex),
        (e: unknown) => e instanceof RegexSyntaxError && message.test(e.message),
      ),
    );

  test('the program size bound is what stops blown-up repetitions', () => {
    assert.ok(MAX_REGEX_PROGRAM >= 10_000);
    assert.doesNotThrow(() => new LinearRegex('a{1000}b{1000}'));
  });
});

describe('LinearRegex :: catastrophic patterns finish (no backtracking)', () => {
  // Each of these takes exponential time in a backtracking engine on this subject.
  const evil: [string, string, boolean][] = [
    ['^(a+)+$', `${'a'.repeat(5000)}!`, false],
    ['(x+x+)+y', 'x'.repeat(5000), false],
    ['^(\\w+\\s?)*$', `${'word '.repeat(2000)}!`, false],
    ['(a|aa)+$', `${'a'.repeat(5000)}b`, false],
    ['(.*a){20}', 'a'.repeat(30), true],
    ['^(a?){25}a{25}$', 'a'.repeat(25), true],
  ];
  for (const [regex, subject, expected] of evil)
    test(`${regex} on ${subject.length} characters is ${expected}`, () =>
      assert.equal(matches(regex, subject), expected));
});

describe('LinearRegex :: agrees with a backtracking engine on generated patterns (property)', () => {
  // Patterns from a small alphabet with constructs whose meaning JavaScript and PCRE share.
  const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '(?:ab|a)', '(a|b)', 'x');
  const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,2}', '*?');
  const piece = fc.tuple(atom, quantifier).map(([a, q]) => a + q);
  const regex = fc
    .tuple(
      fc.boolean(),
      fc.array(piece, { minLength: 1, maxLength: 5 }),
      fc.array(piece, { maxLength: 3 }),
      fc.boolean(),
    )
    .map(
      ([start, left, right, end]) =>
        `${start ? '^' : ''}${left.join('')}${right.length ? `|${right.join('')}` : ''}${end ? '$' : ''}`,
    );
  const subject = fc.stringMatching(/^[abx1\n]{0,12}$/).filter((s) => !s.endsWith('\n'));
  test('same answer as RegExp with the s and u flags', () =>
    fc.assert(
      fc.property(regex, subject, (r, s) => {
        assert.equal(matches(r, s), new RegExp(r, 'su').test(s), `${r} on ${JSON.stringify(s)}`);
      }),
      { numRuns: 2000 },
    ));
});
