import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonWithList } from './visible-json.js';

describe('jsonWithList', () => {
  test('writes what JSON.stringify writes for the parsed values, the list last', () => {
    const values = [{ a: 1, b: 'é"\\' }, [1, { c: null }], 'x', 3.5];
    const members = { more: true, next: 'c1.abc' };
    const text = jsonWithList(
      members,
      'objects',
      values.map((v) => JSON.stringify(v)),
    );
    assert.equal(text.toString('utf8'), JSON.stringify({ ...members, objects: values }));
  });

  test('with no other members, and with an empty list', () => {
    assert.equal(jsonWithList({}, 'objects', ['1']).toString(), '{"objects":[1]}');
    assert.equal(
      jsonWithList({ more: false }, 'objects', []).toString(),
      '{"more":false,"objects":[]}',
    );
  });

  test('every byte written, none left over, whatever the characters (UTF-8 of 1 to 4 bytes)', () => {
    const values = ['"a"', '"é"', '"€"', '"😀"', '{"k":"\u0000"}', '""'];
    const bytes = jsonWithList({ next: 'ü' }, 'objects', values);
    const expected = Buffer.from(`{"next":"ü","objects":[${values.join(',')}]}`);
    assert.ok(bytes.equals(expected), bytes.toString());
  });
});
