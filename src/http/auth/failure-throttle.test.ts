import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthFailureThrottle } from './failure-throttle.js';

test('AuthFailureThrottle :: a source past its limit is throttled until its window ends; others are not', () => {
  const throttle = new AuthFailureThrottle({ limit: 3, windowMs: 10_000 });
  const actions = (source: string, at: number, n: number) =>
    Array.from({ length: n }, () => throttle.fail(source, at).action);
  assert.deepEqual(actions('a', 0, 6), [
    'record',
    'record',
    'record',
    'throttle',
    'throttled',
    'throttled',
  ]);
  assert.deepEqual(actions('b', 1000, 2), ['record', 'record'], 'another source counts alone');
  assert.equal(throttle.fail('a', 9_999).action, 'throttled');
  assert.equal(throttle.fail('a', 2_500).retryAfterSeconds, 8);
  assert.deepEqual(actions('a', 10_000, 4), ['record', 'record', 'record', 'throttle']);
});

test('AuthFailureThrottle :: remembers at most maxSources, forgetting the oldest window first', () => {
  const throttle = new AuthFailureThrottle({ limit: 1, windowMs: 60_000, maxSources: 2 });
  throttle.fail('a', 0);
  throttle.fail('b', 1);
  assert.equal(throttle.fail('b', 2).action, 'throttle');
  throttle.fail('c', 3); // three sources: a's window is the oldest, and goes
  assert.equal(throttle.fail('b', 4).action, 'throttled', 'b is still counted');
  assert.equal(throttle.fail('a', 5).action, 'record', 'a starts anew');
});

test('AuthFailureThrottle :: a clock that goes back starts a new window', () => {
  const throttle = new AuthFailureThrottle({ limit: 1, windowMs: 60_000 });
  throttle.fail('a', 50_000);
  assert.equal(throttle.fail('a', 50_001).action, 'throttle');
  assert.equal(throttle.fail('a', 10_000).action, 'record');
});
