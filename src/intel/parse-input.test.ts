import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from './input-error.js';
import { parseStixInput } from './parse-input.js';

const indicator = (n: number) => ({
  type: 'indicator',
  id: `indicator--00000000-0000-4000-8000-00000000000${n}`,
});

test('parseStixInput :: a bundle yields its objects in order', () => {
  const items = parseStixInput(
    JSON.stringify({ type: 'bundle', id: 'bundle--x', objects: [indicator(1), indicator(2)] }),
  );
  assert.deepEqual(
    items.map((i) => i.value),
    [indicator(1), indicator(2)],
  );
  assert.deepEqual(
    items.map((i) => i.index),
    [0, 1],
  );
});

test('parseStixInput :: a bundle without objects yields nothing', () => {
  assert.deepEqual(parseStixInput('{"type":"bundle","id":"bundle--x"}'), []);
});

test('parseStixInput :: an array and a single object are accepted', () => {
  assert.equal(
    parseStixInput(JSON.stringify([indicator(1), indicator(2), indicator(3)])).length,
    3,
  );
  assert.deepEqual(parseStixInput(JSON.stringify(indicator(4)))[0]?.value, indicator(4));
});

test('parseStixInput :: NDJSON lines become items and a bad line is reported, not fatal', () => {
  const text = `${JSON.stringify(indicator(1))}\n{not json\n\n${JSON.stringify(indicator(2))}\n`;
  const items = parseStixInput(text);
  assert.equal(items.length, 3);
  assert.deepEqual(items[0]?.value, indicator(1));
  assert.match(items[1]?.parseError ?? '', /^line 2: /);
  assert.deepEqual(items[2]?.value, indicator(2));
  assert.equal(items[2]?.index, 3);
});

test('parseStixInput :: unusable documents throw an InputError that says why', () => {
  const cases: [string, string, RegExp][] = [
    ['', 'empty-input', /empty/],
    ['{"type": "indicator",', 'malformed-json', /not valid JSON/],
    ['42', 'not-stix', /got number/],
    ['null', 'not-stix', /got null/],
    ['"text"', 'not-stix', /got string/],
    ['{"type":"bundle","id":"bundle--x","objects":{}}', 'malformed-bundle', /must be an array/],
  ];
  for (const [text, id, message] of cases) {
    assert.throws(
      () => parseStixInput(text),
      (error: unknown) =>
        error instanceof InputError && error.id === id && message.test(error.message),
      `input ${JSON.stringify(text)}`,
    );
  }
});

test('parseStixInput :: 10,000 nested arrays parse without overflowing the stack', () => {
  const deep = `[${'['.repeat(10_000)}${']'.repeat(10_000)}]`;
  assert.equal(parseStixInput(deep).length, 1);
});
