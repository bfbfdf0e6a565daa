/**
 * Get Status :: GET {api-root}/status/{status-id}/ over time: a status resource is kept for the
 * node's retention after its request (TAXII 2.1 §4.3 sets no lifetime), then answers 404 as
 * one that never existed, and the node deletes it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestNode, type TestNode } from './support/http-node.js';
import { indicator, taxiiBody, taxiiError, taxiiOf } from './taxii-helpers.js';

const HOUR = 60 * 60 * 1000;
let now = Date.parse('2031-05-01T12:00:00.000Z');
let node: TestNode;
let t: ReturnType<typeof taxiiOf>;
before(async () => {
  node = await startTestNode({
    clock: () => new Date(now),
    taxiiStatusRetentionMs: 2 * HOUR,
    taxiiStatusPurgeMs: 20,
  });
  t = taxiiOf(node);
});
after(() => node.close());

async function posted(): Promise<string> {
  const status = await taxiiBody<{ id: string; status: string }>(await t.post([indicator()]), 202);
  assert.equal(status.status, 'complete');
  return status.id;
}
const statusOf = (id: string) => t.request(`/status/${id}/`);
const stored = async () => (await node.store.listRecords('taxii-status')).map((r) => r.id);

describe('Get Status :: GET {api-root}/status/{status-id}/ :: retention', () => {
  test('readable until the retention has passed, then 404 as a missing one; the node deletes it, and keeps the younger', async () => {
    const old = await posted();
    now += HOUR;
    const young = await posted();
    now += HOUR - 1; // the old one's last millisecond
    assert.equal((await statusOf(old)).status, 200);
    now += 1;
    await taxiiError(await statusOf(old), 404);
    assert.equal((await statusOf(young)).status, 200);
    // The purge runs every 20 ms here.
    for (let i = 0; i < 100 && (await stored()).includes(old); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(await stored(), [young]);
    now += HOUR;
    await taxiiError(await statusOf(young), 404);
  });
});
