import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Comparison, ObservationLeaf, PatternNode } from './ast.js';
import { describeTree } from './describe-tree.js';
import { parsePattern } from './parse-pattern.js';
import { PatternError } from './pattern-error.js';

const tree = (source: string) => describeTree(parsePattern(source));
const leafComparison = (source: string) =>
  (parsePattern(source) as ObservationLeaf).comparison as Comparison;

/** The PatternError that parsing `source` throws. */
function parseError(source: string): PatternError {
  try {
    parsePattern(source);
  } catch (error) {
    assert.ok(error instanceof PatternError, `not a PatternError: ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(source)} to be rejected`);
}

describe('parsePattern :: precedence (STIX 2.1 §9.5.3, §9.6)', () => {
  test('observation operators: AND binds tighter than OR, OR tighter than FOLLOWEDBY', () => {
    assert.equal(
      tree('[a:x = 1] FOLLOWEDBY [a:x = 2] OR [a:x = 3] AND [a:x = 4]'),
      '(FOLLOWEDBY [a:x = 1] (OR [a:x = 2] (AND [a:x = 3] [a:x = 4])))',
    );
    assert.equal(
      tree('[a:x = 1] AND [a:x = 2] OR [a:x = 3] FOLLOWEDBY [a:x = 4]'),
      '(FOLLOWEDBY (OR (AND [a:x = 1] [a:x = 2]) [a:x = 3]) [a:x = 4])',
    );
  });

  test('boolean operators inside brackets: AND binds tighter than OR; parentheses override', () => {
    assert.equal(
      tree('[a:x = 1 OR a:y = 2 AND a:z = 3]'),
      '[(OR {a:x = 1} (AND {a:y = 2} {a:z = 3}))]',
    );
    assert.equal(
      tree('[(a:x = 1 OR a:y = 2) AND a:z = 3]'),
      '[(AND (OR {a:x = 1} {a:y = 2}) {a:z = 3})]',
    );
  });

  test('a qualifier applies to the observation expression or group right before it (§9.5.1 example)', () => {
    assert.equal(
      tree('[b:x = 1] FOLLOWEDBY [c:x = 1] REPEATS 5 TIMES'),
      '(FOLLOWEDBY [b:x = 1] (REPEATS 5 [c:x = 1]))',
    );
    assert.equal(
      tree('([b:x = 1] FOLLOWEDBY [c:x = 1]) REPEATS 5 TIMES'),
      '(REPEATS 5 (FOLLOWEDBY [b:x = 1] [c:x = 1]))',
    );
    assert.equal(
      tree('([a:x = 1] AND [b:x = 1] REPEATS 5 TIMES) WITHIN 5 SECONDS'),
      '(WITHIN 5 (AND [a:x = 1] (REPEATS 5 [b:x = 1])))',
    );
    assert.equal(
      tree('[a:x = 1] REPEATS 5 TIMES WITHIN 1800 SECONDS'),
      '(WITHIN 1800 (REPEATS 5 [a:x = 1]))',
    );
  });

  test('chains of one operator are flat, whatever the parentheses', () => {
    assert.equal(
      tree('[a:x = 1] AND ([a:x = 2] AND [a:x = 3])'),
      '(AND [a:x = 1] [a:x = 2] [a:x = 3])',
    );
    assert.equal(
      tree('[(a:x = 1 OR (a:x = 2 OR a:x = 3))]'),
      '[(OR {a:x = 1} {a:x = 2} {a:x = 3})]',
    );
    assert.equal(tree('((([a:x = 1])))'), '[a:x = 1]');
  });
});

describe('parsePattern :: object paths and constants (§9.2, §9.7)', () => {
  test('quoted property names, list indexes, extensions and references', () => {
    const c = leafComparison(
      "[file:extensions.'windows-pebinary-ext'.sections[*].hashes.'SHA-256' = 'ab']",
    );
    assert.deepEqual(c.path, {
      objectType: 'file',
      steps: [
        { kind: 'property', name: 'extensions' },
        { kind: 'property', name: 'windows-pebinary-ext' },
        { kind: 'property', name: 'sections' },
        { kind: 'index', index: '*' },
        { kind: 'property', name: 'hashes' },
        { kind: 'property', name: 'SHA-256' },
      ],
    });
    assert.deepEqual(leafComparison("[network-traffic:protocols[0] = 'tcp']").path.steps[1], {
      kind: 'index',
      index: 0,
    });
  });

  test('every constant type, with string escapes', () => {
    const value = (text: string) => leafComparison(`[a:x = ${text}]`).value;
    assert.deepEqual(value("'it\\'s C:\\\\x'"), { kind: 'string', value: "it's C:\\x" });
    assert.deepEqual(value('-42'), { kind: 'integer', value: -42 });
    assert.deepEqual(value('7.0'), { kind: 'float', value: 7 });
    assert.deepEqual(value('-.5'), { kind: 'float', value: -0.5 });
    assert.deepEqual(value('true'), { kind: 'boolean', value: true });
    assert.deepEqual(value("t'2016-06-01T00:00:00.123Z'"), {
      kind: 'timestamp',
      value: '2016-06-01T00:00:00.123Z',
    });
    assert.deepEqual(value("h'ffd8'"), { kind: 'hex', value: 'ffd8' });
    assert.deepEqual(value("b'AB\nI='"), { kind: 'binary', value: 'ABI=' });
    assert.deepEqual(leafComparison("[a:x IN ('a', 'b')]").value, {
      kind: 'set',
      values: [
        { kind: 'string', value: 'a' },
        { kind: 'string', value: 'b' },
      ],
    });
  });

  test('NOT negates the operator; EXISTS takes a path; all comparison operators parse', () => {
    assert.equal(leafComparison("[a:x NOT LIKE 'a%']").negated, true);
    assert.deepEqual(parsePattern('[EXISTS a:x]'), {
      kind: 'observation',
      comparison: {
        kind: 'exists',
        path: { objectType: 'a', steps: [{ kind: 'property', name: 'x' }] },
      },
    });
    for (const op of ['=', '!=', '<', '>', '<=', '>=', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'])
      assert.equal(leafComparison(`[a:x ${op} 'v']`).operator, op);
  });

  test('whitespace is any Unicode White_Space, including line breaks and NBSP (§9.4)', () => {
    assert.equal(tree("\u00a0[\n\ta:x\u2003=\r\n'v'\u3000]\u2028"), "[a:x = 'v']");
  });

  test('positions are recorded when asked for', () => {
    const positions = new WeakMap<PatternNode, number>();
    const pattern = parsePattern("[a:x = 1] AND\n  [b:y = 'z']", { positions }) as {
      operands: ObservationLeaf[];
    };
    const second = pattern.operands[1]!;
    assert.equal(positions.get(second), 16);
    assert.equal(positions.get((second.comparison as Comparison).value as PatternNode), 23);
  });
});

describe('parsePattern :: errors name the line, column and what was expected', () => {
  const cases: [string, number, number, RegExp][] = [
    ["[a:x = 'v'", 1, 11, /expected AND, OR or '\]', found end of pattern/],
    ["[a:x = 'v' OR\n  a:y = 'w'", 2, 12, /expected AND, OR or '\]'/],
    ["[a:x = 'v]", 1, 8, /unterminated string/],
    ["([a:x = 'v']", 1, 1, /unbalanced '\('/],
    ["[a:x = 'v'])", 1, 12, /unbalanced '\)'/],
    ["[a:x = 'v'] AND", 1, 16, /expected '\[' or '\(', found end of pattern/],
    ['[a:x == 1]', 1, 7, /expected a constant, found '='/],
    ['[a:x ~ 1]', 1, 6, /unexpected character '~'/],
    [
      '[a:x CONTAINS 1]',
      1,
      6,
      /expected =, !=, <, >, <=, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET or NOT, found 'CONTAINS'/,
    ],
    ["[a:x = 'v\\n']", 1, 10, /invalid escape '\\n'/],
    ['[a:x = +1]', 1, 8, /without a plus sign/],
    ['[a:x = 1e5]', 1, 8, /expected a number/],
    ['[a:x = 9007199254740992]', 1, 8, /integer out of range/],
    ["[a:x = h'abc']", 1, 10, /even number of digits/],
    ["[a:x = h'FF']", 1, 10, /digits 0-9 and a-f/],
    ["[a:x = b'A===']", 1, 10, /base64/],
    ["[a:x = t'2016-13-01T00:00:00Z']", 1, 10, /month 13 is out of range/],
    ["[a:x = t'2016-02-30T00:00:00Z']", 1, 10, /day 30 is out of range/],
    ["[a:x = t'2016-01-01T24:00:00Z']", 1, 10, /hour 24/],
    ["[a:x = t'2016-01-01T00:00:00+01:00']", 1, 10, /a timestamp must look like/],
    ['[a:x < true]', 1, 8, /booleans cannot be ordered/],
    ['[a:x LIKE 5]', 1, 11, /LIKE takes a string constant/],
    ['[a:x IN ()]', 1, 10, /expected a constant, found '\)'/],
    ["[a:SHA-256 = 'x']", 1, 4, /must be quoted: 'SHA-256'/],
    ['[a:x[-1] = 1]', 1, 6, /non-negative integer or '\*'/],
    ["[a:x = 'v'] WITHIN 0 SECONDS", 1, 20, /positive number of seconds/],
    ["[a:x = 'v'] WITHIN 5 MINUTES", 1, 22, /expected 'SECONDS', found 'MINUTES'/],
    ["[a:x = 'v'] REPEATS 2.5 TIMES", 1, 21, /positive integer after REPEATS/],
    ["[a:x = 'v'] START t'2016-01-01T00:00:00Z'", 1, 42, /expected 'STOP'/],
    [
      "[a:x = 'v'] and [a:y = 'w']",
      1,
      13,
      /expected AND, OR, FOLLOWEDBY, WITHIN, REPEATS, START or end of pattern, found 'and'/,
    ],
    ['[a:x = 1] § ', 1, 11, /unexpected character '§'/],
    ['', 1, 1, /expected '\[' or '\(', found end of pattern/],
    ['[]', 1, 2, /expected an object path/],
    ['[a = 1]', 1, 4, /expected ':' after the object type/],
  ];
  for (const [source, line, column, message] of cases)
    test(`${JSON.stringify(source)} -> ${line}:${column}`, () => {
      const error = parseError(source);
      assert.match(error.message, message);
      assert.deepEqual(
        [error.diagnostic.line, error.diagnostic.column],
        [line, column],
        error.message,
      );
      assert.match(error.message, new RegExp(`^line ${line}, column ${column}: `));
    });

  test('columns count code points, not UTF-16 units', () => {
    assert.equal(parseError("[a:x = '😀' ]]").diagnostic.column, 13);
  });
});
