/**
 * The TAXII 2.1 client (`federation/`): bounded retries with backoff, a resumable pull that
 * stores each page once, and a push within max_content_length that polls status resources.
 * Driven against a real Shura node on loopback, with failures injected into `fetch`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TaxiiClient, TaxiiClientError } from '../src/federation/taxii-client.js';
import { pullCollection, type PullCursor } from '../src/federation/taxii-pull.js';
import { packEnvelopes, pushObjects } from '../src/federation/taxii-push.js';
import { initializeNode } from '../src/identity/initialize-node.js';
import { memberViewer } from '../src/policy/viewer.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { startTestNode, type TestNode } from './support/http-node.js';
import { indicator, taxiiBody, taxiiOf, TLP } from './taxii-helpers.js';

let source: TestNode;
before(async () => {
  source = await startTestNode({ maxBodyBytes: 64 * 1024 });
});
after(() => source.close());

/** The URL a fetch call was given. */
const urlOf = (input: string | URL | Request) =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
const noSleep = () => Promise.resolve();
const apiRoot = () => `${source.url}/taxii2/api1/`;

/** A local node (its own store and organization) to pull into. */
async function localNode() {
  const store = SqliteStore.open(':memory:');
  await store.migrate();
  const { organization } = await initializeNode({
    store,
    now: new Date(),
    organizationName: 'Puller',
  });
  const versions = async () => {
    const page = await store.queryObjects(
      {
        limit: 10_000,
        versions: [{ kind: 'all' }],
        types: ['indicator', 'malware', 'attack-pattern'],
      },
      memberViewer(organization.id),
    );
    return page.items.map((v) => `${v.id}|${v.version}`).sort();
  };
  return { store, organization, versions };
}

/** What the source shares with its home organization, as `id|version` (same types). */
async function sourceVersions(): Promise<string[]> {
  const { items } = await taxiiOf(source).all<{ id: string; version: string }>(
    '/collections/default/manifest/?match[version]=all&match[type]=indicator,malware,attack-pattern',
  );
  return items.map((m) => `${m.id}|${m.version}`).sort();
}

describe('TAXII client :: retries', () => {
  test('a transient failure is retried with growing backoff; a refusal is not retried', async () => {
    let calls = 0;
    const sleeps: number[] = [];
    const flaky = new TaxiiClient({
      credentials: { kind: 'bearer', token: source.homeKey },
      retry: { attempts: 4, baseDelayMs: 100 },
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      fetch: async (input, init) => {
        calls++;
        if (calls <= 2) throw new TypeError('fetch failed', { cause: new Error('ECONNRESET') });
        return fetch(input, init);
      },
    });
    assert.equal((await flaky.apiRoot(apiRoot())).max_content_length, 64 * 1024);
    assert.equal(calls, 3);
    assert.equal(sleeps.length, 2);
    assert.ok(
      sleeps[0]! >= 50 && sleeps[0]! <= 100 && sleeps[1]! >= 100 && sleeps[1]! <= 200,
      sleeps.join(','),
    );

    calls = 0;
    const refused = new TaxiiClient({
      credentials: { kind: 'basic', username: 'x', password: 'wrong' },
      sleep: noSleep,
      fetch: async (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    await assert.rejects(
      refused.apiRoot(apiRoot()),
      (e: unknown) =>
        e instanceof TaxiiClientError && e.status === 401 && /Unauthorized/.test(e.message),
    );
    assert.equal(calls, 1);
  });

  test('retries are bounded; Retry-After is honoured up to the cap', async () => {
    let calls = 0;
    const sleeps: number[] = [];
    const busy = new TaxiiClient({
      retry: { attempts: 3, maxDelayMs: 2000 },
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      fetch: () => {
        calls++;
        return Promise.resolve(
          new Response('{"title":"Busy"}', { status: 503, headers: { 'retry-after': '60' } }),
        );
      },
    });
    await assert.rejects(
      busy.discover(`${source.url}/taxii2/`),
      (e: unknown) => e instanceof TaxiiClientError && e.status === 503 && e.transient,
    );
    assert.equal(calls, 3);
    assert.deepEqual(sleeps, [2000, 2000]);
  });
});

describe('TAXII client :: pull (resumable, each page stored once)', () => {
  test('a network failure mid-pull loses nothing: the next run resumes after the last stored page', async () => {
    const local = await localNode();
    try {
      const requested: string[] = [];
      let failAt = 3;
      const client = new TaxiiClient({
        credentials: { kind: 'bearer', token: source.homeKey },
        retry: { attempts: 2 },
        sleep: noSleep,
        fetch: async (input, init) => {
          const u = urlOf(input);
          if (u.includes('/objects/')) {
            requested.push(u);
            if (requested.length >= failAt && requested.length < failAt + 2)
              throw new TypeError('fetch failed');
          }
          return fetch(input, init);
        },
      });
      const options = {
        store: local.store,
        client,
        apiRoot: apiRoot(),
        collectionId: 'default',
        submittedBy: local.organization.id,
        pageSize: 7,
        ingest: { relay: true },
      };
      await assert.rejects(pullCollection(options), TaxiiClientError);
      const cursor = (await local.store.getRecord(
        'taxii-pull-cursor',
        `${apiRoot()}collections/default/objects/`,
      )) as PullCursor;
      assert.ok(cursor.next && cursor.lastAdded, JSON.stringify(cursor));
      const storedBefore = (await local.versions()).length;
      assert.ok(storedBefore > 0);

      failAt = Infinity;
      const firstResumed = requested.length;
      const resumed = await pullCollection(options);
      assert.equal(resumed.unchanged, 0, 'no page stored before the failure is stored again');
      assert.ok(
        requested[firstResumed]!.includes(`next=${encodeURIComponent(cursor.next)}`),
        'resumes at the saved next',
      );
      assert.deepEqual(await local.versions(), await sourceVersions());

      const idle = await pullCollection(options);
      assert.deepEqual([idle.stored, idle.unchanged, idle.pages], [0, 0, 1]);
      const fresh = [
        indicator({ object_marking_refs: [TLP.green] }),
        indicator({ object_marking_refs: [TLP.clear] }),
      ];
      await taxiiBody(await taxiiOf(source).post(fresh), 202);
      const delta = await pullCollection(options);
      assert.deepEqual([delta.stored, delta.unchanged], [2, 0], 'only what was added since');
    } finally {
      await local.store.close();
    }
  });

  test('the next page is asked for while the current one is stored', async () => {
    const local = await localNode();
    try {
      let requests = 0;
      const client = new TaxiiClient({
        credentials: { kind: 'bearer', token: source.homeKey },
        sleep: noSleep,
        fetch: (input, init) => {
          if (urlOf(input).includes('/objects/')) requests++;
          return fetch(input, init);
        },
      });
      const seenAtPage: number[] = [];
      const report = await pullCollection({
        store: local.store,
        client,
        apiRoot: apiRoot(),
        collectionId: 'default',
        submittedBy: local.organization.id,
        pageSize: 4,
        ingest: { relay: true },
        onPage: () => seenAtPage.push(requests),
      });
      assert.ok(report.pages >= 3, `${report.pages} pages`);
      // When page k (1-based) is stored, page k + 1 has been requested, but for the last.
      seenAtPage.slice(0, -1).forEach((n, k) => assert.equal(n, k + 2, `page ${k + 1}`));
      assert.equal(seenAtPage.at(-1), report.pages);
      assert.deepEqual(await local.versions(), await sourceVersions());
    } finally {
      await local.store.close();
    }
  });

  test('a next the server no longer accepts falls back to added_after of the last stored page', async () => {
    const local = await localNode();
    try {
      const client = new TaxiiClient({
        credentials: { kind: 'bearer', token: source.homeKey },
        sleep: noSleep,
      });
      const options = {
        store: local.store,
        client,
        apiRoot: apiRoot(),
        collectionId: 'default',
        submittedBy: local.organization.id,
        pageSize: 5,
        ingest: { relay: true },
      };
      const id = `${apiRoot()}collections/default/objects/`;
      let pages = 0;
      await assert.rejects(
        pullCollection({
          ...options,
          onPage: () => {
            if (++pages === 2) throw new Error('crash');
          },
        }),
        /crash/,
      );
      const cursor = (await local.store.getRecord('taxii-pull-cursor', id)) as PullCursor;
      await local.store.putRecord('taxii-pull-cursor', id, { ...cursor, next: 'expired-token' });
      const resumed = await pullCollection(options);
      assert.equal(resumed.unchanged, 0);
      assert.deepEqual(await local.versions(), await sourceVersions());
    } finally {
      await local.store.close();
    }
  });
});

describe('TAXII client :: push (within max_content_length, polling the status)', () => {
  test('packEnvelopes keeps every body within the byte and object limits and sets aside what cannot fit', () => {
    const objects = Array.from({ length: 50 }, (_, i) =>
      indicator({ description: 'é'.repeat(i * 20) }),
    );
    const huge = indicator({ description: 'x'.repeat(5000) });
    const { bodies, tooLarge } = packEnvelopes([...objects, huge], 4000, 7);
    assert.deepEqual(tooLarge, [huge]);
    for (const body of bodies) {
      assert.ok(Buffer.byteLength(body) <= 4000);
      assert.ok((JSON.parse(body) as { objects: unknown[] }).objects.length <= 7);
    }
    assert.deepEqual(
      bodies.flatMap((b) => (JSON.parse(b) as { objects: unknown[] }).objects),
      objects,
    );
  });

  test('pushes in several envelopes under the server limit and reports each failure; the good objects arrive', async () => {
    const sizes: number[] = [];
    const client = new TaxiiClient({
      credentials: { kind: 'basic', username: 'pusher', password: source.otherKey },
      sleep: noSleep,
      fetch: async (input, init) => {
        if (init?.method === 'POST') sizes.push(Buffer.byteLength(init.body as string));
        return fetch(input, init);
      },
    });
    const good = Array.from({ length: 300 }, () => indicator({ object_marking_refs: [TLP.green] }));
    const bad = { ...indicator(), created: '2026-13-40T00:00:00Z' };
    const huge = indicator({ description: 'x'.repeat(70 * 1024) });
    const report = await pushObjects(client, apiRoot(), 'default', [...good, bad, huge]);
    assert.ok(report.envelopes > 1, `${report.envelopes} envelopes`);
    assert.ok(
      sizes.every((s) => s <= 64 * 1024),
      sizes.join(','),
    );
    assert.equal(report.successes, 300);
    assert.deepEqual(report.failures.map((f) => f.id).sort(), [bad.id, huge.id].sort());
    assert.ok(report.failures.every((f) => (f.message ?? '').length > 0));
    const arrived = await taxiiOf(source).all<{ id: string }>(
      `/collections/default/objects/?match[id]=${good
        .slice(0, 50)
        .map((o) => o.id)
        .join(',')}`,
      { key: source.otherKey },
    );
    assert.equal(arrived.items.length, 50);
  });

  test('sends two envelopes at a time, and reports failures in envelope order', async () => {
    let open = 0;
    let most = 0;
    const client = new TaxiiClient({
      credentials: { kind: 'basic', username: 'pusher', password: source.otherKey },
      sleep: noSleep,
      fetch: async (input, init) => {
        if (init?.method !== 'POST') return fetch(input, init);
        most = Math.max(most, ++open);
        try {
          return await fetch(input, init);
        } finally {
          open--;
        }
      },
    });
    const bad = (n: number) => ({ ...indicator({ name: `bad ${n}` }), created: 'not a time' });
    const objects = [
      ...[bad(1), indicator(), indicator()],
      ...[indicator(), indicator(), indicator()],
      ...[indicator(), indicator(), bad(3)],
      ...[bad(4), indicator(), indicator()],
    ];
    const report = await pushObjects(client, apiRoot(), 'default', objects, { maxObjects: 3 });
    assert.equal(report.envelopes, 4);
    assert.equal(most, 2, 'two envelopes in flight, never more');
    assert.equal(report.successes, 9);
    assert.deepEqual(
      report.failures.map((f) => f.id),
      [objects[0]!.id, objects[8]!.id, objects[9]!.id],
    );
  });

  test('after an envelope fails, the other sender starts no new envelope', async () => {
    let posts = 0;
    const client = new TaxiiClient({
      credentials: { kind: 'basic', username: 'pusher', password: source.otherKey },
      sleep: noSleep,
      fetch: async (input, init) => {
        if (init?.method !== 'POST') return fetch(input, init);
        posts++;
        if (posts === 1)
          // The first envelope is refused for good (not retried) while the second is on its way.
          return new Response(JSON.stringify({ title: 'Refused' }), {
            status: 403,
            headers: { 'content-type': 'application/taxii+json;version=2.1' },
          });
        await new Promise((resolve) => setTimeout(resolve, 50));
        return fetch(input, init);
      },
    });
    const objects = Array.from({ length: 12 }, () => indicator());
    await assert.rejects(
      pushObjects(client, apiRoot(), 'default', objects, { maxObjects: 2 }),
      /403|Refused/,
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // what a runaway sender would send
    assert.equal(posts, 2, 'the refused envelope and the one already in flight, nothing after');
  });

  test('polls a pending status until it is complete', async () => {
    const big = await startTestNode({ maxBodyBytes: 4 * 1024 * 1024 });
    try {
      const polls: string[] = [];
      const client = new TaxiiClient({
        credentials: { kind: 'bearer', token: big.homeKey },
        fetch: async (input, init) => {
          if (urlOf(input).includes('/status/')) polls.push(urlOf(input));
          return fetch(input, init);
        },
      });
      const objects = Array.from({ length: 3000 }, () => indicator());
      const report = await pushObjects(client, `${big.url}/taxii2/api1/`, 'default', objects, {
        maxObjects: 3000,
        pollMs: 20,
      });
      assert.equal(report.envelopes, 1);
      assert.equal(report.successes, 3000);
      assert.deepEqual(report.pendings, []);
      assert.ok(polls.length > 0, 'the status was polled');
    } finally {
      await big.close();
    }
  });
});
