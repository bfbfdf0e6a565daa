import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { inputSafetyProblems, MAX_DEPTH, textHasSafeStrings } from './input-safety.js';

const rules = (root: unknown, stringsChecked = false) =>
  inputSafetyProblems(root, { stringsChecked }).map((p) => p.rule);

describe('input safety', () => {
  test('finds NUL, lone surrogates (in values and names) and nesting past the limit', () => {
    assert.deepEqual(rules({ a: 'fine 😀', b: ['ok'] }), []);
    assert.deepEqual(rules({ a: 'x\u0000y' }), ['string-nul']);
    assert.deepEqual(rules({ a: ['\ud800'] }), ['string-lone-surrogate']);
    assert.deepEqual(rules({ ['\udc00']: 1 }), ['string-lone-surrogate']);
    let deep: unknown = {};
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = { x: deep };
    assert.deepEqual(rules(deep), ['too-deep']);
  });

  test('with strings checked from the text, only the depth is checked', () => {
    let deep: unknown = {};
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = [deep];
    assert.deepEqual(rules({ a: 'x', b: deep }, true), ['too-deep']);
    let fine: unknown = {};
    for (let i = 0; i < MAX_DEPTH - 1; i++) fine = { x: fine };
    assert.deepEqual(rules(fine, true), []);
    assert.deepEqual(rules(fine), []);
  });

  test('a text passes only without NUL, without any \\u escape and without lone surrogates', () => {
    assert.equal(textHasSafeStrings('{"a":"plain 😀 text","b":[1,2]}'), true);
    assert.equal(textHasSafeStrings('{"a":"line\\nbreak \\"quoted\\" \\\\ path"}'), true);
    assert.equal(textHasSafeStrings('{"a":"\\u0000"}'), false);
    assert.equal(textHasSafeStrings('{"a":"\\ud800"}'), false);
    assert.equal(textHasSafeStrings('{"a":"\\u0041"}'), false, 'any \\u escape: checked');
    assert.equal(textHasSafeStrings('{"a":"x\u0000"}'), false);
    assert.equal(textHasSafeStrings('{"a":"\ud800"}'), false);
  });

  test('whatever the strings, a text that passes parses to values with no unsafe string', () => {
    const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    const text = fc.string({ unit, maxLength: 12 });
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(text, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (root) => {
        // As a client may write it: literal characters wherever JSON allows them.
        const json = JSON.stringify({ root }).replace(/\\u(d[89a-f][0-9a-f]{2})/g, (_, hex) =>
          String.fromCharCode(parseInt(hex as string, 16)),
        );
        if (!textHasSafeStrings(json)) return;
        assert.deepEqual(rules(JSON.parse(json) as unknown), []);
      }),
      { numRuns: 2000 },
    );
  });
});
