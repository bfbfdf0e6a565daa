import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { likeMatches } from './like.js';
import { codePoints } from './linear-regex.js';

const like = (text: string, pattern: string) => likeMatches(codePoints(text), codePoints(pattern));

test('likeMatches :: % is any run, _ exactly one character, the rest literal (STIX 2.1 §9.6.1)', () => {
  assert.ok(like('C:\\Windows\\System32\\foo', 'C:\\Windows\\%\\foo'));
  assert.ok(like('abc', 'a_c'));
  assert.equal(like('ac', 'a_c'), false);
  assert.ok(like('', '%'));
  assert.ok(like('😀x', '_x'));
  assert.equal(like('ABC', 'abc'), false);
  assert.ok(like('a%b', 'a%b'));
  assert.equal(like('xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab', '%a%a%a%a%a%a%a%a%c'), false);
});

test('likeMatches :: agrees with the equivalent anchored regular expression (property)', () => {
  const pattern = fc.stringMatching(/^[ab%_]{0,8}$/);
  const text = fc.stringMatching(/^[ab]{0,10}$/);
  fc.assert(
    fc.property(pattern, text, (p, t) => {
      const regex = new RegExp(`^${p.replace(/%/g, '.*').replace(/_/g, '.')}$`, 's');
      assert.equal(like(t, p), regex.test(t), `${t} LIKE ${p}`);
    }),
  );
});
