import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson (RFC 8785 JSON Canonicalization Scheme)', () => {
  test('sorts keys by UTF-16 code units, not code points or locale (RFC 8785 §3.2.3 example)', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB33 by code unit; "1" sorts
    // after "\r" although JavaScript enumerates integer-like keys first.
    const expected = `{${order.map((k) => `${JSON.stringify(k)}:${JSON.stringify(value[k as keyof typeof value])}`).join(',')}}`;
    assert.equal(canonicalJson(value), expected);
  });

  test('serializes numbers as ECMAScript does (RFC 8785 §3.2.2.3 and appendix B)', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '0'],
      [1, '1'],
      [0.1, '0.1'],
      [-1.5, '-1.5'],
      [1e21, '1e+21'],
      [1e20, '100000000000000000000'],
      [1e-7, '1e-7'],
      [0.000001, '0.000001'],
      [333333333.3333333, '333333333.3333333'],
      [9007199254740992, '9007199254740992'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [295147905179352830000, '295147905179352830000'],
    ];
    for (const [number, text] of cases) assert.equal(canonicalJson(number), text, String(number));
  });

  test('escapes strings minimally: short escapes, lower-case \\u00XX for other controls, others literal', () => {
    assert.equal(canonicalJson('\u0008\t\n\u000c\r"\\'), '"\\b\\t\\n\\f\\r\\"\\\\"');
    assert.equal(canonicalJson('\u0000\u001f'), '"\\u0000\\u001f"');
    assert.equal(canonicalJson('\u007f/€😀'), '"\u007f/€😀"');
  });

  test('has no whitespace, keeps array order, recurses into nested objects', () => {
    const value = { b: [3, { z: 1, a: null }, 'x'], a: { d: true, c: false } };
    assert.equal(canonicalJson(value), '{"a":{"c":false,"d":true},"b":[3,{"a":null,"z":1},"x"]}');
  });

  test('the same object with keys in another order gives the same text', () => {
    const a = { type: 'indicator', id: 'x', extensions: { k: { y: 1, x: 2 } } };
    const b = { extensions: { k: { x: 2, y: 1 } }, id: 'x', type: 'indicator' };
    assert.equal(canonicalJson(a), canonicalJson(b));
  });

  test('refuses values JSON cannot represent', () => {
    assert.throws(() => canonicalJson(Number.NaN), TypeError);
    assert.throws(() => canonicalJson(Infinity), TypeError);
    assert.throws(() => canonicalJson(undefined), TypeError);
    assert.throws(() => canonicalJson({ a: () => 1 }), TypeError);
  });
});
