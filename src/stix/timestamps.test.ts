import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  compareTimestamps,
  hasMillisecondPrecision,
  isStixTimestamp,
  timestampProblem,
} from './timestamps.js';

describe('timestamps (STIX 2.1 §2.16)', () => {
  test('accepts RFC 3339 UTC timestamps with any sub-second precision', () => {
    for (const t of [
      '2016-01-20T12:31:12Z',
      '2016-01-20T12:31:12.123Z',
      '2023-05-02T20:00:00.0002Z',
      '2016-12-31T23:59:60Z',
    ]) {
      assert.ok(isStixTimestamp(t), t);
    }
  });

  test('refuses other zones, missing Z, lower-case letters, empty fractions and dates only', () => {
    for (const t of [
      '2016-01-20T12:31:12+00:00',
      '2016-01-20T12:31:12',
      '2016-01-20t12:31:12z',
      '2016-01-20T12:31:12.Z',
      '2016-01-20',
      '2016-01-20 12:31:12Z',
    ]) {
      assert.equal(isStixTimestamp(t), false, t);
    }
  });

  test('refuses dates that do not exist, naming the part that is wrong', () => {
    assert.match(timestampProblem('2026-13-40T00:00:00Z') ?? '', /month 13/);
    assert.match(timestampProblem('2023-02-29T00:00:00Z') ?? '', /day 29/);
    assert.match(timestampProblem('2023-04-31T00:00:00Z') ?? '', /day 31/);
    assert.match(timestampProblem('2023-01-00T00:00:00Z') ?? '', /day 00/);
    assert.match(timestampProblem('2023-01-01T24:00:00Z') ?? '', /time of day/);
    assert.match(timestampProblem('2023-01-01T23:60:00Z') ?? '', /time of day/);
  });

  test('knows leap years: 2024 and 2000 have 29 February, 1900 and 2100 do not', () => {
    assert.ok(isStixTimestamp('2024-02-29T00:00:00Z'));
    assert.ok(isStixTimestamp('2000-02-29T00:00:00Z'));
    assert.equal(isStixTimestamp('1900-02-29T00:00:00Z'), false);
    assert.equal(isStixTimestamp('2100-02-29T00:00:00Z'), false);
  });

  test('millisecond precision means at least three fractional digits', () => {
    assert.ok(hasMillisecondPrecision('2016-01-20T12:31:12.123Z'));
    assert.ok(hasMillisecondPrecision('2016-01-20T12:31:12.123456Z'));
    assert.equal(hasMillisecondPrecision('2016-01-20T12:31:12.12Z'), false);
    assert.equal(hasMillisecondPrecision('2016-01-20T12:31:12Z'), false);
  });

  test('compares instants whatever the precision', () => {
    assert.equal(compareTimestamps('2016-01-20T12:31:12Z', '2016-01-20T12:31:12.000Z'), 0);
    assert.equal(compareTimestamps('2016-01-20T12:31:12.1Z', '2016-01-20T12:31:12.099999Z'), 1);
    assert.equal(compareTimestamps('2016-01-20T12:31:11.999Z', '2016-01-20T12:31:12Z'), -1);
    assert.equal(compareTimestamps('2015-12-31T23:59:59.999Z', '2016-01-01T00:00:00Z'), -1);
  });
});
