import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatMicros, nextAddedMicros, parseMicros } from './added-clock.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { InvalidCursorError } from './store.js';

describe('paging cursor', () => {
  test('round-trips any sequence number', () => {
    for (const seq of [0, 1, 1000, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER])
      assert.equal(decodeCursor(encodeCursor(seq)), seq);
  });

  test('refuses every single-character change and truncation', () => {
    const cursor = encodeCursor(123_456);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < cursor.length; i++) {
      const other = alphabet[(alphabet.indexOf(cursor[i]!) + 1) % alphabet.length]!;
      const changed = cursor.slice(0, i) + other + cursor.slice(i + 1);
      assert.throws(() => decodeCursor(changed), InvalidCursorError, changed);
    }
    assert.throws(() => decodeCursor(cursor.slice(0, -1)), InvalidCursorError);
    assert.throws(() => decodeCursor(`${cursor}A`), InvalidCursorError);
  });
});

describe('added clock', () => {
  test('never goes back and never stands still', () => {
    assert.equal(nextAddedMicros(1_000, 0), 1_000_000);
    assert.equal(nextAddedMicros(1_000, 5_000_000), 5_000_001);
  });

  test('formats with microseconds and parses any precision, dropping sub-microsecond digits', () => {
    const micros = parseMicros('2026-11-23T00:30:00.123456Z');
    assert.equal(formatMicros(micros), '2026-11-23T00:30:00.123456Z');
    assert.equal(parseMicros('2026-11-23T00:30:00Z'), micros - 123_456);
    assert.equal(parseMicros('2026-11-23T00:30:00.1234569Z'), micros);
    assert.equal(
      formatMicros(parseMicros('1999-12-31T23:59:59.9Z')),
      '1999-12-31T23:59:59.900000Z',
    );
    assert.throws(() => parseMicros('2026-13-40T00:00:00Z'), RangeError);
    assert.throws(() => parseMicros('yesterday'), RangeError);
  });
});
