/**
 * TAXII 2.1 server, endpoint by endpoint (OASIS TAXII 2.1 CS01 §4, §5), over HTTP on loopback.
 * Each test is named after the endpoint it drives; `src/http/taxii/README.md` maps the spec's
 * requirements to these tests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestNode, type TestNode } from './support/http-node.js';
import { basic, indicator, TAXII, taxiiBody, taxiiError, taxiiOf, TLP } from './taxii-helpers.js';

const MAX_BODY = 2 * 1024 * 1024;
let node: TestNode;
let t: ReturnType<typeof taxiiOf>;
let homeIdentity: string;
before(async () => {
  node = await startTestNode({ maxBodyBytes: MAX_BODY });
  t = taxiiOf(node);
  homeIdentity = (await node.store.getOrganization(node.homeOrgId))!.identityId;
});
after(() => node.close());

/** An indicator in the home organization's name, so what is read back equals what was sent. */
const own = (extra: Record<string, unknown> = {}) =>
  indicator({ created_by_ref: homeIdentity, object_marking_refs: [TLP.green], ...extra });

async function added(objects: unknown[]) {
  const status = await taxiiBody<{ status: string; failure_count: number; failures: unknown[] }>(
    await t.post(objects),
    202,
  );
  assert.equal(status.failure_count, 0, JSON.stringify(status.failures));
  return status;
}

type Manifest = { id: string; date_added: string; version: string; media_type: string };
type Stix = { id: string; type: string; modified?: string; spec_version?: string };

describe('Server Discovery :: GET /taxii2/', () => {
  test('names the one API root as default and in api_roots, as a relative URL (§4.1.1: plain HTTP may not be advertised absolute)', async () => {
    const body = await taxiiBody<{ title: string; default: string; api_roots: string[] }>(
      await t.request(`${node.url}/taxii2/`),
      200,
    );
    assert.equal(typeof body.title, 'string');
    assert.equal(body.default, '/taxii2/api1/');
    assert.deepEqual(body.api_roots, ['/taxii2/api1/']);
    assert.equal(new URL(body.default, `${node.url}/taxii2/`).toString(), `${t.root}/`);
  });

  test('accepts HTTP Basic with an API key as the password, whatever the user name', async () => {
    for (const user of ['admin', 'any-name', '']) {
      const res = await t.request(`${node.url}/taxii2/`, {
        key: undefined,
        headers: { authorization: basic(user, node.homeKey) },
      });
      assert.equal(res.status, 200, user);
    }
  });

  test('a request without User-Agent is served (§8.2.1)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${node.url}/taxii2/`, {
        headers: { accept: TAXII, authorization: `Bearer ${node.homeKey}` },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      assert.equal(req.getHeader('user-agent'), undefined);
      req.end();
    });
    assert.equal(status, 200);
  });

  test('401 without credentials: a TAXII error and WWW-Authenticate naming Basic and Bearer', async () => {
    const res = await t.request(`${node.url}/taxii2/`, { key: undefined });
    await taxiiError(res, 401);
    const challenge = res.headers.get('www-authenticate') ?? '';
    assert.match(challenge, /Basic realm=/);
    assert.match(challenge, /Bearer realm=/);
  });
});

describe('Media types (§3.1) :: every endpoint', () => {
  test('406 for an Accept header that admits neither the TAXII 2.1 nor the STIX 2.1 type', async () => {
    for (const accept of [
      'text/html',
      'application/json',
      'application/taxii+json;version=2.0',
      'application/stix+json;version=2.0',
      'application/taxii+json;version=2.1;q=0',
    ]) {
      for (const path of ['/', '/collections/', '/collections/default/objects/']) {
        const res = await t.request(path, { accept });
        await taxiiError(res, 406);
      }
    }
  });

  test('accepts the TAXII type with or without version, */* and application/*, and answers with exactly the TAXII 2.1 type', async () => {
    for (const accept of [
      TAXII,
      'application/taxii+json',
      'application/taxii+json; version=2.1',
      '*/*',
      'application/*',
      'text/html, application/taxii+json;version=2.1;q=0.5',
    ]) {
      const res = await t.request('/collections/', { accept });
      assert.equal(res.status, 200, accept);
      assert.equal(res.headers.get('content-type'), TAXII);
    }
  });

  test('Get Object Manifests defines the STIX 2.1 type in its Accept header: no 406 (§5.3, §3.1)', async () => {
    for (const accept of [
      'application/stix+json;version=2.1',
      'application/taxii+json;version=2.1,application/stix+json;version=2.1',
    ]) {
      const res = await t.request('/collections/default/manifest/', { accept });
      assert.equal(res.status, 200, accept);
      assert.equal(res.headers.get('content-type'), TAXII);
    }
  });

  test('415 for an Add Objects body that is not application/taxii+json;version=2.1', async () => {
    const body = JSON.stringify({ objects: [own()] });
    for (const contentType of [
      'application/json',
      'application/stix+json;version=2.1',
      'application/taxii+json;version=2.0',
      'text/plain',
    ]) {
      const res = await t.request('/collections/default/objects/', {
        method: 'POST',
        body,
        contentType,
      });
      await taxiiError(res, 415);
    }
  });

  test('a route that does not exist is a TAXII 404 error, not an HTML page or a problem document', async () => {
    await taxiiError(await t.request('/no-such-thing/'), 404);
    await taxiiError(await t.request(`${node.url}/taxii2/api2/`), 404);
  });
});

describe('API Root Information :: GET {api-root}/', () => {
  test('reports the TAXII 2.1 version and max_content_length (the node body limit)', async () => {
    const body = await taxiiBody<{ title: string; versions: string[]; max_content_length: number }>(
      await t.request('/'),
      200,
    );
    assert.equal(typeof body.title, 'string');
    assert.deepEqual(body.versions, [TAXII]);
    assert.equal(body.max_content_length, MAX_BODY);
  });
});

describe('Get Collections :: GET {api-root}/collections/', () => {
  test('with none configured, one read/write collection "default" of the STIX 2.1 media type', async () => {
    const body = await taxiiBody<{ collections: Record<string, unknown>[] }>(
      await t.request('/collections/'),
      200,
    );
    assert.equal(body.collections.length, 1);
    const [c] = body.collections;
    assert.equal(c!.alias, 'default');
    assert.equal(c!.can_read, true);
    assert.equal(c!.can_write, true);
    assert.deepEqual(c!.media_types, ['application/stix+json;version=2.1']);
    assert.match(c!.id as string, /^[0-9a-f-]{36}$/);
  });
});

describe('Get a Collection :: GET {api-root}/collections/{id}/', () => {
  test('by id and by alias; 404 for an unknown one', async () => {
    const { collections } = await taxiiBody<{ collections: { id: string }[] }>(
      await t.request('/collections/'),
      200,
    );
    const id = collections[0]!.id;
    assert.equal(
      (await taxiiBody<{ id: string }>(await t.request(`/collections/${id}/`), 200)).id,
      id,
    );
    assert.equal(
      (await taxiiBody<{ id: string }>(await t.request('/collections/default/'), 200)).id,
      id,
    );
    await taxiiError(await t.request('/collections/8f0d3f4e-0000-4000-8000-000000000000/'), 404);
  });
});

describe('Add Objects :: POST {api-root}/collections/{id}/objects/', () => {
  test('202 with a status resource: per-object successes and failures (with a message), counts that add up', async () => {
    const good = own();
    const res = await t.post([good, { ...own(), id: 'indicator--not-a-uuid' }]);
    const status = await taxiiBody<{
      id: string;
      status: string;
      request_timestamp: string;
      total_count: number;
      success_count: number;
      failure_count: number;
      pending_count: number;
      successes: { id: string; version: string }[];
      failures: { id: string; version: string; message: string }[];
      pendings?: unknown[];
    }>(res, 202);
    assert.equal(status.status, 'complete');
    // §2 timestamp: microsecond precision, UTC, "Z".
    assert.match(status.request_timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.deepEqual(
      [status.total_count, status.success_count, status.failure_count, status.pending_count],
      [2, 1, 1, 0],
    );
    assert.deepEqual(status.successes, [{ id: good.id, version: good.modified }]);
    assert.equal(status.failures[0]!.id, 'indicator--not-a-uuid');
    assert.match(status.failures[0]!.message, /id/);
    // §2: a list is never empty; an empty optional list is left out.
    assert.equal('pendings' in status, false);
  });

  test('posting the same objects again succeeds and changes nothing (reported as already stored)', async () => {
    const objects = [own(), own()];
    await added(objects);
    const again = await taxiiBody<{ success_count: number; successes: { message?: string }[] }>(
      await t.post(objects),
      202,
    );
    assert.equal(again.success_count, 2);
    assert.ok(again.successes.every((s) => /already stored/i.test(s.message ?? '')));
    const versions = await t.all<string>(
      `/collections/default/objects/${objects[0]!.id}/versions/`,
      {},
      'versions',
    );
    assert.deepEqual(versions.items, [objects[0]!.modified]);
  });

  test('an envelope validated on the check thread (over 64 KiB) ends as one validated inline: same failures, same stored text, authorship applied', async () => {
    type Status = {
      failures?: { id: string; message: string }[];
      successes: { id: string; version: string }[];
    };
    const broken = () => own({ pattern: "[ipv4-addr:value = '10.0.0.1'", confidence: 101 });
    const small = await taxiiBody<Status>(await t.post([broken()]), 202);
    // 150 objects of ~600 bytes: checked on the thread. Every third lacks created_by_ref,
    // which authorship sets: its stored text is not the text received.
    const objects = Array.from({ length: 150 }, (_, i) =>
      i === 75
        ? broken()
        : i % 3 === 0
          ? indicator({ object_marking_refs: [TLP.green], description: 'x'.repeat(300) })
          : own({ description: 'y'.repeat(300) }),
    );
    assert.ok(JSON.stringify({ objects }).length > 64 * 1024);
    const big = await taxiiBody<Status>(await t.post(objects), 202);
    assert.deepEqual(
      big.failures?.map((f) => f.message),
      small.failures?.map((f) => f.message),
    );
    assert.equal(big.failures?.[0]?.id, objects[75]!.id);
    assert.equal(big.successes.length, 149);
    for (const i of [0, 1, 2, 3, 149]) {
      const object = objects[i]!;
      const res = await t.request(`/collections/default/objects/${object.id}/`);
      const text = await res.text();
      const expected =
        'created_by_ref' in object ? object : { ...object, created_by_ref: homeIdentity };
      assert.ok(text.includes(JSON.stringify(expected)), `objects[${i}]: ${text.slice(0, 300)}`);
    }
  });

  test('a large envelope answers at once with status pending and pendings, then completes', async () => {
    const objects = Array.from({ length: 1500 }, () => own({ description: 'bulk' }));
    const first = await taxiiBody<{
      id: string;
      status: string;
      pending_count: number;
      total_count: number;
    }>(await t.post(objects), 202);
    assert.equal(first.total_count, 1500);
    assert.equal(first.status, 'pending');
    assert.ok(first.pending_count > 0);
    const done = await t.settled<{ status: string; success_count: number; pending_count: number }>(
      first.id,
    );
    assert.equal(done.status, 'complete');
    assert.deepEqual([done.success_count, done.pending_count], [1500, 0]);
  });
});

describe('Get Status :: GET {api-root}/status/{status-id}/', () => {
  test('the status of a request is retrievable afterwards by its organization, and by no other', async () => {
    const status = await added([own()]);
    const { id } = status as unknown as { id: string };
    const again = await taxiiBody<{ id: string; status: string }>(
      await t.request(`/status/${id}/`),
      200,
    );
    assert.equal(again.id, id);
    assert.equal(again.status, 'complete');
    const probe = await taxiiError(await t.request(`/status/${id}/`, { key: node.otherKey }), 404);
    const missing = await taxiiError(
      await t.request('/status/11111111-2222-4333-8444-555555555555/', { key: node.otherKey }),
      404,
    );
    assert.deepEqual(probe, missing, 'a status of another organization answers as a missing one');
    await taxiiError(await t.request('/status/..%2F..%2Fetc%2Fpasswd/'), 404);
  });
});

describe('Get Objects :: GET {api-root}/collections/{id}/objects/', () => {
  let batch: ReturnType<typeof own>[];
  before(async () => {
    batch = [own(), own(), own(), own(), own()];
    await added(batch);
  });

  test('honours match[type], comma-separated values OR-ed; a field given twice is 400 (§3.4)', async () => {
    const malware = await t.all<Stix>('/collections/default/objects/?match[type]=malware');
    assert.ok(malware.items.length >= 1);
    assert.ok(malware.items.every((o) => o.type === 'malware'));
    const both = await t.all<Stix>('/collections/default/objects/?match[type]=malware,indicator');
    assert.deepEqual(new Set(both.items.map((o) => o.type)), new Set(['malware', 'indicator']));
    const twice = await t.request(
      `${t.root}/collections/default/objects/?match[type]=malware&match[type]=indicator`,
    );
    assert.match((await taxiiError(twice, 400)).description ?? '', /match\[type\].*once/);
  });

  test('honours match[id], several ids OR-ed', async () => {
    const ids = [batch[0]!.id, batch[3]!.id];
    const { items } = await t.all<Stix>(`/collections/default/objects/?match[id]=${ids.join(',')}`);
    assert.deepEqual(items.map((o) => o.id).sort(), [...ids].sort());
  });

  test('honours match[version]: last by default, first, all, a timestamp, several values', async () => {
    const v1 = own({ modified: '2024-04-01T00:00:00.000Z' });
    const v2 = { ...v1, modified: '2024-05-01T00:00:00.000Z', name: 'v2' };
    const v3 = { ...v1, modified: '2024-06-01T00:00:00.000Z', name: 'v3' };
    await added([v1, v3, v2]); // out of order on purpose: "last" is the newest modified
    const versionsOf = async (q: string) =>
      (await t.all<Stix>(`/collections/default/objects/?match[id]=${v1.id}${q}`)).items
        .map((o) => o.modified)
        .sort();
    assert.deepEqual(await versionsOf(''), [v3.modified]);
    assert.deepEqual(await versionsOf('&match[version]=last'), [v3.modified]);
    assert.deepEqual(await versionsOf('&match[version]=first'), [v1.modified]);
    assert.deepEqual(await versionsOf('&match[version]=all'), [
      v1.modified,
      v2.modified,
      v3.modified,
    ]);
    assert.deepEqual(await versionsOf(`&match[version]=${v2.modified}`), [v2.modified]);
    assert.deepEqual(await versionsOf('&match[version]=first,last'), [v1.modified, v3.modified]);
    assert.deepEqual(
      await versionsOf('&match[version]=2024-05-01T00:00:00Z'),
      [v2.modified],
      'same instant, other precision',
    );
    // §3.4.1: no keyword or version twice, and "all" alone.
    for (const bad of ['last,last', `${v2.modified},${v2.modified}`, 'all,first', 'last,all'])
      await taxiiError(await t.request(`/collections/default/objects/?match[version]=${bad}`), 400);
  });

  test('honours match[spec_version]', async () => {
    const id = batch[1]!.id;
    assert.equal(
      (await t.all<Stix>(`/collections/default/objects/?match[id]=${id}&match[spec_version]=2.1`))
        .items.length,
      1,
    );
    assert.equal(
      (await t.all<Stix>(`/collections/default/objects/?match[id]=${id}&match[spec_version]=2.0`))
        .items.length,
      0,
    );
    assert.equal(
      (
        await t.all<Stix>(
          `/collections/default/objects/?match[id]=${id}&match[spec_version]=2.0,2.1`,
        )
      ).items.length,
      1,
    );
  });

  test('honours added_after: only versions added strictly after it', async () => {
    const manifest = await t.all<Manifest>('/collections/default/manifest/?match[version]=all');
    const middle = manifest.items[Math.floor(manifest.items.length / 2)]!;
    const after = await t.all<Manifest>(
      `/collections/default/manifest/?match[version]=all&added_after=${middle.date_added}`,
    );
    assert.ok(after.items.length > 0);
    assert.ok(after.items.every((m) => m.date_added > middle.date_added));
    assert.deepEqual(
      after.items,
      manifest.items.filter((m) => m.date_added > middle.date_added),
    );
  });

  test('limit and next page through every version exactly once, in date_added order, with more/next', async () => {
    const whole = await t.all<Manifest>(
      '/collections/default/manifest/?match[version]=all&limit=10000',
    );
    assert.equal(whole.pages, 1);
    const paged = await t.all<Stix>('/collections/default/objects/?match[version]=all&limit=3');
    assert.equal(paged.pages, Math.ceil(whole.items.length / 3));
    assert.deepEqual(
      paged.items.map((o) => o.id),
      whole.items.map((m) => m.id),
    );
    const page = await taxiiBody<{ more: boolean; next?: string; objects: unknown[] }>(
      await t.request('/collections/default/objects/?limit=2'),
      200,
    );
    assert.equal(page.more, true);
    assert.equal(typeof page.next, 'string');
    assert.equal(page.objects.length, 2);
  });

  test('X-TAXII-Date-Added-First and -Last are the date_added of the first and last object returned', async () => {
    const res = await t.request('/collections/default/objects/?match[version]=all&limit=4');
    const manifest = await taxiiBody<{ objects: Manifest[] }>(
      await t.request('/collections/default/manifest/?match[version]=all&limit=4'),
      200,
    );
    await taxiiBody(res, 200);
    assert.equal(res.headers.get('x-taxii-date-added-first'), manifest.objects[0]!.date_added);
    assert.equal(res.headers.get('x-taxii-date-added-last'), manifest.objects[3]!.date_added);
  });

  test('paging stays exact while objects are being added: nothing skipped, nothing repeated', async () => {
    const start = await taxiiBody<{ objects: Manifest[] }>(
      await t.request('/collections/default/manifest/?match[version]=all&limit=10000'),
      200,
    );
    const before = start.objects.map((m) => `${m.id}|${m.version}`);
    const seen: string[] = [];
    const fresh: string[] = [];
    let next: string | undefined;
    do {
      const page = await taxiiBody<{ more: boolean; next?: string; objects?: Manifest[] }>(
        await t.request(
          `/collections/default/manifest/?match[version]=all&limit=4${next ? `&next=${next}` : ''}`,
        ),
        200,
      );
      seen.push(...(page.objects ?? []).map((m) => `${m.id}|${m.version}`));
      if (fresh.length < 6) {
        const more = [own(), own()];
        await added(more);
        fresh.push(...more.map((o) => `${o.id}|${o.modified}`));
      }
      next = page.more ? page.next : undefined;
    } while (next);
    assert.equal(new Set(seen).size, seen.length, 'no version repeated');
    assert.deepEqual(seen.slice(0, before.length), before, 'the existing versions, in order');
    assert.deepEqual(seen.slice(before.length), fresh, 'then every version added meanwhile');
  });

  test('a limit above the server maximum is lowered to it; an empty result is 200 with more=false and still both date headers (§3.2)', async () => {
    const res = await t.request(
      '/collections/default/objects/?limit=1000000000&match[type]=no-such-type',
    );
    const body = await taxiiBody<{ more: boolean; objects?: unknown[] }>(res, 200);
    assert.deepEqual(body, { more: false });
    // Nothing read after no bound: the epoch, as a TAXII timestamp (microseconds).
    assert.equal(res.headers.get('x-taxii-date-added-first'), '1970-01-01T00:00:00.000000Z');
    assert.equal(res.headers.get('x-taxii-date-added-last'), '1970-01-01T00:00:00.000000Z');
    // Nothing after added_after: that bound, so resuming from -Last skips nothing.
    const after = await t.request(
      '/collections/default/objects/?match[type]=no-such-type&added_after=2030-01-02T03:04:05.6Z',
    );
    await taxiiBody(after, 200);
    assert.equal(after.headers.get('x-taxii-date-added-last'), '2030-01-02T03:04:05.600000Z');
    assert.equal((await t.request('/collections/default/objects/?limit=1000000000')).status, 200);
  });

  test('objects come back exactly as stored, key order included', async () => {
    const original = own({ labels: ['z', 'a'], confidence: 80 });
    await added([original]);
    const res = await t.request(`/collections/default/objects/?match[id]=${original.id}`);
    const text = await res.text();
    assert.ok(text.includes(JSON.stringify(original)), text);
  });
});

describe('Get Object Manifests :: GET {api-root}/collections/{id}/manifest/', () => {
  test('one entry per version: id, date_added, version, media_type; filters as Get Objects', async () => {
    const v1 = own();
    const v2 = { ...v1, modified: '2024-09-01T00:00:00.000Z' };
    await added([v1, v2]);
    const res = await t.request(
      `/collections/default/manifest/?match[id]=${v1.id}&match[version]=all`,
    );
    const body = await taxiiBody<{ more: boolean; objects: Manifest[] }>(res, 200);
    assert.equal(body.more, false);
    assert.deepEqual(
      body.objects.map((m) => m.version),
      [v1.modified, v2.modified],
    );
    for (const m of body.objects) {
      assert.equal(m.id, v1.id);
      assert.equal(m.media_type, 'application/stix+json;version=2.1');
      assert.match(m.date_added, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    assert.equal(res.headers.get('x-taxii-date-added-first'), body.objects[0]!.date_added);
    assert.equal(res.headers.get('x-taxii-date-added-last'), body.objects[1]!.date_added);
    const typed = await t.all<Manifest>('/collections/default/manifest/?match[type]=malware');
    assert.ok(typed.items.every((m) => m.id.startsWith('malware--')));
  });
});

describe('Get an Object :: GET {api-root}/collections/{id}/objects/{object-id}/', () => {
  test('the latest version by default; match[version] picks others; the date headers are set', async () => {
    const v1 = own();
    const v2 = { ...v1, modified: '2024-10-01T00:00:00.000Z' };
    await added([v1, v2]);
    const res = await t.request(`/collections/default/objects/${v1.id}/`);
    const latest = await taxiiBody<{ more: boolean; objects: Stix[] }>(res, 200);
    assert.deepEqual(latest.objects, [v2]);
    assert.ok(res.headers.get('x-taxii-date-added-first'));
    const all = await taxiiBody<{ objects: Stix[] }>(
      await t.request(`/collections/default/objects/${v1.id}/?match[version]=all`),
      200,
    );
    assert.deepEqual(all.objects, [v1, v2]);
    const first = await taxiiBody<{ objects: Stix[] }>(
      await t.request(`/collections/default/objects/${v1.id}/?match[version]=first`),
      200,
    );
    assert.deepEqual(first.objects, [v1]);
  });

  test('404 for an unknown id, a malformed id and path traversal; 200 and an empty envelope when filters exclude every version of an existing object', async () => {
    await taxiiError(
      await t.request(
        '/collections/default/objects/indicator--00000000-0000-4000-8000-999999999999/',
      ),
      404,
    );
    await taxiiError(await t.request('/collections/default/objects/not-an-id/'), 404);
    await taxiiError(await t.request('/collections/default/objects/..%2F..%2Fetc%2Fpasswd/'), 404);
    await taxiiError(await t.request(`/collections/default/objects/${'x'.repeat(400)}/`), 404);
    const o = own();
    await added([o]);
    const body = await taxiiBody(
      await t.request(`/collections/default/objects/${o.id}/?added_after=2999-01-01T00:00:00Z`),
      200,
    );
    assert.deepEqual(body, { more: false });
  });
});

describe('Get Object Versions :: GET {api-root}/collections/{id}/objects/{object-id}/versions/', () => {
  test('every version in date_added order, paged with limit/next, with the date headers', async () => {
    const v1 = own();
    const versions = [
      v1,
      ...[2, 3, 4].map((m) => ({ ...v1, modified: `2024-0${m + 4}-01T00:00:00.000Z` })),
    ];
    await added(versions);
    const res = await t.request(`/collections/default/objects/${v1.id}/versions/`);
    const body = await taxiiBody<{ more: boolean; versions: string[] }>(res, 200);
    assert.deepEqual(
      body.versions,
      versions.map((v) => v.modified),
    );
    assert.ok(res.headers.get('x-taxii-date-added-last'));
    const paged = await t.all<string>(
      `/collections/default/objects/${v1.id}/versions/?limit=1`,
      {},
      'versions',
    );
    assert.equal(paged.pages, 4);
    assert.deepEqual(paged.items, body.versions);
    await taxiiError(
      await t.request(
        '/collections/default/objects/indicator--00000000-0000-4000-8000-999999999998/versions/',
      ),
      404,
    );
    await taxiiError(
      await t.request(`/collections/default/objects/${v1.id}/versions/?match[version]=all`),
      400,
    );
  });
});

describe('Delete an Object :: DELETE {api-root}/collections/{id}/objects/{object-id}/', () => {
  test('match[version] deletes one version; without it every version goes; then 404', async () => {
    const v1 = own();
    const v2 = { ...v1, modified: '2024-11-01T00:00:00.000Z' };
    const v3 = { ...v1, modified: '2024-12-01T00:00:00.000Z' };
    await added([v1, v2, v3]);
    const del = (q = '') =>
      t.request(`/collections/default/objects/${v1.id}/${q}`, { method: 'DELETE' });
    assert.equal((await del(`?match[version]=${v2.modified}`)).status, 200);
    const left = await t.all<string>(
      `/collections/default/objects/${v1.id}/versions/`,
      {},
      'versions',
    );
    assert.deepEqual(left.items, [v1.modified, v3.modified]);
    const latest = await taxiiBody<{ objects: Stix[] }>(
      await t.request(`/collections/default/objects/${v1.id}/`),
      200,
    );
    assert.deepEqual(latest.objects, [v3]);
    assert.equal((await del('?match[version]=last')).status, 200);
    const now = await taxiiBody<{ objects: Stix[] }>(
      await t.request(`/collections/default/objects/${v1.id}/`),
      200,
    );
    assert.deepEqual(now.objects, [v1], 'the previous version is the latest again');
    assert.equal((await del()).status, 200);
    await taxiiError(await t.request(`/collections/default/objects/${v1.id}/`), 404);
    await taxiiError(await del(), 404);
  });

  test('another organization may not delete what it did not share (403), nor probe what it cannot see (404)', async () => {
    const green = own();
    const amber = own({ object_marking_refs: [TLP.amber] });
    await added([green, amber]);
    const asOther = (id: string) =>
      t.request(`/collections/default/objects/${id}/`, { method: 'DELETE', key: node.otherKey });
    await taxiiError(await asOther(green.id), 403);
    await taxiiError(await asOther(amber.id), 404);
    assert.equal(
      (await t.request(`/collections/default/objects/${green.id}/`)).status,
      200,
      'still there',
    );
  });
});
