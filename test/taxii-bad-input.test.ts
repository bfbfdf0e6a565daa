/**
 * Bad input to the TAXII 2.1 server (issue 3, "Bad input"): each gets the right TAXII error
 * resource or per-object failure, nothing internal leaks, nothing changes that should not,
 * and the node keeps serving.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestNode, type TestNode } from './support/http-node.js';
import { indicator, TAXII, taxiiBody, taxiiError, taxiiOf } from './taxii-helpers.js';

const MAX_BODY = 8 * 1024 * 1024;
let node: TestNode;
let t: ReturnType<typeof taxiiOf>;
before(async () => {
  node = await startTestNode({ maxBodyBytes: MAX_BODY, maxObjectsPerRequest: 12_000 });
  t = taxiiOf(node);
});
after(() => node.close());

/** Every version the home organization sees, as `id|version`. */
async function everything(): Promise<string[]> {
  const { items } = await t.all<{ id: string; version: string }>(
    '/collections/default/manifest/?match[version]=all&limit=10000',
  );
  return items.map((m) => `${m.id}|${m.version}`);
}

/** No stack traces, file paths or database words in an error a client sees. */
function assertNothingLeaks(error: { title: string; description?: string }) {
  const text = `${error.title} ${error.description ?? ''}`;
  assert.doesNotMatch(
    text,
    /\bat \S+:\d+|node_modules|\.ts\b|sqlite|postgres|SELECT|TypeError/i,
    text,
  );
}

describe('Bad input :: URL parameters of GET endpoints get a 400 TAXII error naming the problem', () => {
  const objects = '/collections/default/objects/';
  const cases: [string, RegExp][] = [
    [`${objects}?colour=blue`, /colour/],
    [`${objects}?match[colour]=blue`, /match\[colour\]/],
    [`${objects}?__proto__=1`, /__proto__/],
    [`${objects}?constructor=1`, /constructor/],
    [`${objects}?match[toString]=x`, /match\[toString\]/],
    [`${objects}?limit=-1`, /limit/],
    [`${objects}?limit=0`, /limit/],
    [`${objects}?limit=abc`, /limit/],
    [`${objects}?limit=1.5`, /limit/],
    [`${objects}?limit=5&limit=6`, /limit/],
    [`${objects}?next=not-a-token`, /next/],
    [`${objects}?next=a1.!!!!`, /next/],
    [`${objects}?next=a1.${Buffer.from('yesterday-and-then-some').toString('base64url')}`, /next/],
    [`${objects}?added_after=yesterday`, /added_after/],
    [`${objects}?added_after=2026-13-40T00:00:00Z`, /added_after/],
    [`${objects}?added_after=2020-01-01T00:00:00Z&added_after=2021-01-01T00:00:00Z`, /added_after/],
    [`${objects}?match[id]=../../etc/passwd`, /match\[id\]/],
    [`${objects}?match[type]=Not_A_Type`, /match\[type\]/],
    [`${objects}?match[version]=newest`, /match\[version\]/],
    [`${objects}?match[spec_version]=latest`, /match\[spec_version\]/],
    ['/collections/default/manifest/?match[id]=%00', /match\[id\]/],
    [
      '/collections/default/objects/indicator--7a0c3f4e-1b2d-4c5e-9f60-000000000001/?match[type]=indicator',
      /match\[type\]/,
    ],
    [
      '/collections/default/objects/indicator--7a0c3f4e-1b2d-4c5e-9f60-000000000001/versions/?match[version]=all',
      /match\[version\]/,
    ],
  ];
  test('each malformed or unknown parameter', async () => {
    for (const [path, message] of cases) {
      const error = await taxiiError(await t.request(path), 400);
      assert.match(`${error.title} ${error.description}`, message, path);
      assertNothingLeaks(error);
    }
  });

  test('limit=10^9 is not an error: the page is capped at the server maximum', async () => {
    const body = await taxiiBody<{ objects: unknown[] }>(
      await t.request(`${'/collections/default/objects/'}?limit=1000000000`),
      200,
    );
    assert.ok(body.objects.length > 0 && body.objects.length <= 10_000);
  });
});

describe('Bad input :: Add Objects envelopes', () => {
  test('a body that is not JSON is a 400, JSON that is not an envelope with objects a 422 (§5.5); nothing changes', async () => {
    const before = await everything();
    const bodies: [string, number, RegExp][] = [
      ['{}', 422, /no "objects"/],
      ['{"objects": []}', 422, /empty/],
      ['{"objects": "nope"}', 422, /list/],
      ['[]', 422, /envelope/],
      ['42', 422, /envelope/],
      ['{"objects": [', 400, /JSON/],
      ['', 400, /JSON/],
    ];
    for (const [body, status, message] of bodies) {
      const error = await taxiiError(
        await t.request('/collections/default/objects/', { method: 'POST', body }),
        status,
      );
      assert.match(error.description ?? '', message, body);
      assertNothingLeaks(error);
    }
    assert.deepEqual(await everything(), before);
  });

  test('a body over max_content_length is 413 before it is read, and changes nothing', async () => {
    const before = await everything();
    const big = JSON.stringify({ objects: [indicator({ description: 'x'.repeat(MAX_BODY) })] });
    const error = await taxiiError(
      await t.request('/collections/default/objects/', { method: 'POST', body: big }),
      413,
    );
    assert.match(error.description ?? '', /max_content_length/);
    assert.deepEqual(await everything(), before);
  });

  test('more objects than the node takes in one request is 413', async () => {
    const tiny = { type: 'x' };
    const error = await taxiiError(await t.post(Array.from({ length: 12_001 }, () => tiny)), 413);
    assert.match(error.description ?? '', /12001 objects/);
  });

  test('10,000 objects with one invalid in the middle: 9,999 stored, one failure with its reason', async () => {
    const objects = Array.from({ length: 10_000 }, () => indicator());
    const broken = { ...objects[5000]!, created: '2026-13-40T00:00:00Z' };
    objects[5000] = broken;
    const first = await taxiiBody<{ id: string; total_count: number }>(await t.post(objects), 202);
    assert.equal(first.total_count, 10_000);
    const status = await t.settled<{
      status: string;
      success_count: number;
      failure_count: number;
      failures: { id: string; message: string }[];
    }>(first.id);
    assert.equal(status.status, 'complete');
    assert.equal(status.success_count, 9_999);
    assert.equal(status.failure_count, 1);
    assert.equal(status.failures[0]!.id, broken.id);
    assert.match(status.failures[0]!.message, /created/);
    const stored = await t.all(
      `/collections/default/objects/?match[id]=${objects[4999]!.id},${objects[5001]!.id},${broken.id}`,
    );
    assert.equal(stored.items.length, 2, 'its neighbours are stored, it is not');
  });

  test('objects that are not STIX each fail with a reason; the valid ones of the envelope are stored', async () => {
    const good = indicator();
    const deep = '__DEEP__';
    const text = JSON.stringify({
      objects: [
        good,
        'a string',
        null,
        { type: 'indicator' },
        indicator({ name: 'nul\u0000' }),
        { x: deep },
      ],
    }).replace(`"${deep}"`, `${'{"x":'.repeat(5000)}{}${'}'.repeat(5000)}`);
    const status = await taxiiBody<{
      success_count: number;
      failure_count: number;
      failures: { id: string; message: string }[];
    }>(await t.request('/collections/default/objects/', { method: 'POST', body: text }), 202);
    assert.equal(status.success_count, 1);
    assert.equal(status.failure_count, 5);
    for (const f of status.failures) {
      assert.ok(f.message.length > 0, JSON.stringify(f));
      assert.ok(f.id.length > 0);
    }
  });
});

describe('Bad input :: keys named after Object.prototype members', () => {
  test('are ordinary names: each object is judged on its own, none breaks the request', async () => {
    const names = Object.getOwnPropertyNames(Object.prototype);
    // Hash and extension names are dictionary keys (mixed case and underscores allowed); as a
    // property name only "constructor" is well formed, the rest break §3.1's naming rule.
    const objects = names.flatMap((name) => [
      indicator({ [name]: 'x' }),
      indicator({
        external_references: [
          { source_name: 'x', url: 'https://example.org/', hashes: { [name]: 'ab' } },
        ],
      }),
      indicator({ extensions: { [name]: { x: 1 } } }),
    ]);
    const { id } = await taxiiBody<{ id: string }>(await t.post(objects), 202);
    const done = await t.settled<{
      status: string;
      success_count: number;
      failures?: { id: string; message: string }[];
    }>(id);
    assert.equal(done.status, 'complete');
    const failed = new Map((done.failures ?? []).map((f) => [f.id, f.message]));
    for (const [i, object] of objects.entries()) {
      const name = names[Math.floor(i / 3)]!;
      const wellFormed = name === 'constructor' || i % 3 !== 0;
      const message = failed.get(String(object.id));
      if (wellFormed) assert.equal(message, undefined, `${name}: ${message}`);
      else
        assert.match(message ?? '', /not a valid property name/, `${name} (${i % 3}): ${message}`);
    }
    assert.equal(done.success_count, objects.length - failed.size);
  });
});

describe('Bad input :: indicators whose STIX pattern is invalid', () => {
  test('fail with the pattern problem at /pattern, on the serving thread and on the check thread; the others are stored', async () => {
    for (const padding of [0, 400]) {
      // 200 objects of ~1 KB: over 64 KiB, checked on the check thread; 3 objects: inline.
      const objects = Array.from({ length: padding === 0 ? 3 : 200 }, () =>
        indicator({ description: 'p'.repeat(padding) }),
      );
      const at = 1; // in the first half: the check thread's share of a lone envelope
      objects[at] = {
        ...objects[at]!,
        pattern: "[ipv4-addr:value = '203.0.113.9' AND file:name = 'x']",
      };
      const status = await taxiiBody<{
        success_count: number;
        failures: { id: string; message: string }[];
      }>(await t.post(objects), 202);
      assert.equal(status.success_count, objects.length - 1);
      assert.equal(status.failures.length, 1);
      assert.equal(status.failures[0]!.id, objects[at].id);
      assert.match(
        status.failures[0]!.message,
        /^\/pattern: STIX pattern, line 1, column \d+: the operands of AND/,
      );
    }
  });
});

describe('Bad input :: an envelope whose text is clean but one object is too deep', () => {
  test('the deep object fails, the others are stored (strings found safe from the text alone)', async () => {
    const good = indicator();
    const deep = '__DEEP__';
    const text = JSON.stringify({
      objects: [good, indicator({ x_deep: deep })],
    }).replace(`"${deep}"`, `${'{"x":'.repeat(100)}{}${'}'.repeat(100)}`);
    assert.ok(!text.includes('\\u'), 'no escapes: the text-level check passes');
    const status = await taxiiBody<{
      success_count: number;
      failures?: { message: string }[];
    }>(await t.request('/collections/default/objects/', { method: 'POST', body: text }), 202);
    assert.equal(status.success_count, 1);
    assert.match(status.failures?.[0]?.message ?? '', /deeper than 64/);
  });
});

describe('Bad input :: path traversal and odd ids in the URL', () => {
  test('answer 404 TAXII errors, never files or server errors', async () => {
    for (const path of [
      '/collections/..%2F..%2Fetc%2Fpasswd/objects/',
      '/collections/default/objects/..%2F..%2Fetc%2Fpasswd/',
      '/collections/default/objects/..%2F..%2Fetc%2Fpasswd/versions/',
      '/collections/default/objects/indicator--..%2F..%2F/',
      '/status/..%2F..%2F/',
      '/collections/%00/',
    ]) {
      const res = await t.request(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get('content-type'), TAXII);
      assertNothingLeaks((await res.json()) as { title: string });
    }
  });
});

describe('Bad input :: the node keeps serving', () => {
  test('after all of the above, discovery and reads answer normally', async () => {
    assert.equal((await t.request(`${node.url}/taxii2/`)).status, 200);
    assert.equal((await t.request('/collections/default/objects/?limit=1')).status, 200);
  });
});
