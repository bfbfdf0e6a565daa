/**
 * A flood of bad credentials from one address, on REST and TAXII together: past the limit it
 * answers 429 with Retry-After (a TAXII error resource on /taxii2/, problem details on /api/)
 * and leaves one `auth.throttled` event instead of one event per request, while a valid key
 * from the same address is still served; the next window starts anew.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AuthFailureThrottle } from '../src/http/auth/failure-throttle.js';
import { call, startTestNode, type TestNode } from './support/http-node.js';
import { TAXII, taxiiError } from './taxii-helpers.js';

let now = Date.parse('2031-06-01T08:00:00.000Z');
let node: TestNode;
before(async () => {
  node = await startTestNode({
    clock: () => new Date(now),
    authThrottle: new AuthFailureThrottle({ limit: 5, windowMs: 60_000 }),
  });
});
after(() => node.close());

const rest = (key?: string) => call(`${node.url}/api/v1/objects?limit=1`, key);
const taxii = (key?: string) =>
  fetch(`${node.url}/taxii2/api1/collections/`, {
    headers: { accept: TAXII, ...(key ? { authorization: `Bearer ${key}` } : {}) },
  });
async function authEvents() {
  const res = await call(
    `${node.url}/api/v1/audit?action=auth.failed,auth.throttled&limit=1000`,
    node.homeKey,
  );
  assert.equal(res.status, 200);
  return ((await res.json()) as { events: { action: string; reason?: string }[] }).events;
}

describe('Authentication failures :: throttled per address', () => {
  test('past the limit: 429 with Retry-After on both interfaces, one auth.throttled event, valid keys still served; a new window starts anew', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await rest('shura_bad.key')).status);
    statuses.push((await taxii()).status); // the fifth failure: TAXII counts with REST
    assert.deepEqual(statuses, [401, 401, 401, 401, 401]);

    const throttled = await rest('shura_bad.key');
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '60');
    assert.match(throttled.headers.get('content-type') ?? '', /application\/problem\+json/);
    now += 30_000;
    const onTaxii = await taxii('shura_bad.key');
    await taxiiError(onTaxii, 429);
    assert.equal(onTaxii.headers.get('retry-after'), '30');
    for (let i = 0; i < 20; i++) assert.equal((await rest()).status, 429);

    assert.equal((await rest(node.homeKey)).status, 200, 'a valid key is never throttled');
    assert.equal((await taxii(node.homeKey)).status, 200);
    const events = await authEvents();
    assert.deepEqual(
      events.map((e) => e.action),
      ['auth.failed', 'auth.failed', 'auth.failed', 'auth.failed', 'auth.failed', 'auth.throttled'],
    );
    assert.match(events[5]!.reason ?? '', /more than 5 failed authentications/);

    now += 30_000; // the window has ended
    assert.equal((await rest('shura_bad.key')).status, 401);
    assert.equal((await authEvents()).length, 7);
  });
});
