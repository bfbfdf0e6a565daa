import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, startTestNode, type TestNode } from './support/http-node.js';

const TLP_AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
const TLP_CLEAR = 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487';

let node: TestNode;
/** Objects the home admin shares are in its organization's name (created_by_ref). */
let homeIdentity: string;
before(async () => {
  node = await startTestNode();
  homeIdentity = (await node.store.getOrganization(node.homeOrgId))!.identityId;
});
after(() => node.close());

let counter = 0;
function indicator(extra: Record<string, unknown> = {}) {
  counter++;
  const suffix = counter.toString(16).padStart(12, '0');
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--a1b2c3d4-0000-4000-8000-${suffix}`,
    created: '2024-03-01T10:00:00.000Z',
    modified: '2024-03-01T10:00:00.000Z',
    pattern: `[ipv4-addr:value = '198.51.100.${counter % 250}']`,
    pattern_type: 'stix',
    valid_from: '2024-03-01T10:00:00Z',
    created_by_ref: homeIdentity,
    ...extra,
  };
}

async function post(objects: unknown[], key = node.homeKey) {
  return call(`${node.url}/api/v1/bundles`, key, {
    method: 'POST',
    body: JSON.stringify({
      type: 'bundle',
      id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
      objects,
    }),
  });
}

async function list(query: string, key = node.homeKey) {
  const res = await call(`${node.url}/api/v1/objects${query}`, key);
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as {
    objects: { id: string; type: string }[];
    more: boolean;
    next?: string;
  };
}

async function allVisible(key: string): Promise<string[]> {
  const ids: string[] = [];
  let next: string | undefined;
  do {
    const page = await list(
      `?version=all&limit=7${next ? `&next=${encodeURIComponent(next)}` : ''}`,
      key,
    );
    ids.push(...page.objects.map((o) => `${o.id}|${(o as { modified?: string }).modified ?? ''}`));
    next = page.next;
  } while (next);
  return ids;
}

describe('REST :: GET /healthz', () => {
  test('answers 200 without credentials', async () => {
    const res = await fetch(`${node.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });
});

describe('REST :: authentication', () => {
  test('no key, a malformed key, a wrong secret and an unknown key all get 401 problem details', async () => {
    const wrongSecret = node.homeKey.slice(0, -4) + 'AAAA';
    const unknown = 'shura_0123456789abcdef_' + 'A'.repeat(43);
    for (const key of [undefined, 'nonsense', wrongSecret, unknown]) {
      const res = await call(`${node.url}/api/v1/objects`, key);
      assert.equal(res.status, 401, `key ${key}`);
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
      const body = (await res.json()) as { status: number; type: string };
      assert.equal(body.status, 401);
    }
  });

  test('a revoked key is refused', async () => {
    const { issueApiKey } = await import('../src/identity/api-keys.js');
    const { createUser } = await import('../src/identity/organizations.js');
    const user = await createUser(node.store, node.otherOrgId, 'leaver', 'analyst', new Date());
    const issued = await issueApiKey(node.store, user.id, new Date());
    assert.equal((await call(`${node.url}/api/v1/objects`, issued.secret)).status, 200);
    await node.store.revokeApiKey(issued.record.id, new Date().toISOString());
    assert.equal((await call(`${node.url}/api/v1/objects`, issued.secret)).status, 401);
  });

  test('an expired key is refused', async () => {
    const { issueApiKey } = await import('../src/identity/api-keys.js');
    const { createUser } = await import('../src/identity/organizations.js');
    const user = await createUser(node.store, node.otherOrgId, 'temp', 'analyst', new Date());
    const issued = await issueApiKey(node.store, user.id, new Date(), new Date(Date.now() - 1000));
    assert.equal((await call(`${node.url}/api/v1/objects`, issued.secret)).status, 401);
  });
});

describe('REST :: GET /api/v1/objects', () => {
  test('pages through every visible object exactly once, in order', async () => {
    const pages = await allVisible(node.homeKey);
    assert.equal(new Set(pages).size, pages.length, 'no object version repeated');
    const total = (await list('?version=all&limit=10000')).objects.length;
    assert.equal(pages.length, total);
    assert.ok(total > 20);
  });

  test('filters by type and id', async () => {
    const malware = await list('?type=malware');
    assert.ok(malware.objects.length >= 1);
    assert.ok(malware.objects.every((o) => o.type === 'malware'));
    const id = malware.objects[0]!.id;
    const byId = await list(`?id=${id}`);
    assert.deepEqual(
      byId.objects.map((o) => o.id),
      [id],
    );
    const two = await list('?type=malware,indicator');
    assert.ok(
      two.objects.some((o) => o.type === 'indicator') &&
        two.objects.some((o) => o.type === 'malware'),
    );
  });

  test('bad parameters get 400 problem details naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['?limit=-1', /limit/],
      ['?limit=1000000000', /limit/],
      ['?limit=abc', /limit/],
      ['?added_after=yesterday', /added_after/],
      ['?added_after=2026-13-40T00:00:00Z', /added_after/],
      ['?next=not-a-cursor', /next/],
      ['?type=Not_A_Type', /type/],
      ['?id=../../etc/passwd', /id/],
      ['?colour=blue', /Unknown query parameter "colour"/],
    ];
    for (const [query, message] of cases) {
      const res = await call(`${node.url}/api/v1/objects${query}`, node.homeKey);
      assert.equal(res.status, 400, query);
      const body = (await res.json()) as { detail: string; title: string };
      assert.match(`${body.title} ${body.detail}`, message, query);
    }
  });
});

describe('REST :: GET /api/v1/objects/{id}', () => {
  test('returns the latest version, or all versions with ?version=all', async () => {
    const v1 = indicator();
    const v2 = { ...v1, modified: '2024-03-02T10:00:00.000Z', name: 'second version' };
    assert.equal((await post([v1, v2])).status, 200);
    const latest = await call(`${node.url}/api/v1/objects/${v1.id}`, node.homeKey);
    assert.deepEqual(((await latest.json()) as { objects: unknown[] }).objects, [v2]);
    const all = await call(`${node.url}/api/v1/objects/${v1.id}?version=all`, node.homeKey);
    assert.deepEqual(((await all.json()) as { objects: unknown[] }).objects, [v1, v2]);
  });

  test('an unknown id is 404 and a malformed id is 400', async () => {
    assert.equal(
      (
        await call(
          `${node.url}/api/v1/objects/indicator--00000000-0000-4000-8000-999999999999`,
          node.homeKey,
        )
      ).status,
      404,
    );
    assert.equal(
      (await call(`${node.url}/api/v1/objects/..%2F..%2Fetc%2Fpasswd`, node.homeKey)).status,
      400,
    );
    assert.equal(
      (await call(`${node.url}/api/v1/objects/${'x'.repeat(400)}`, node.homeKey)).status,
      400,
    );
  });
});

describe('REST :: POST /api/v1/bundles', () => {
  test('stores new objects, then reports them unchanged', async () => {
    const objects = [indicator(), indicator()];
    const first = await post(objects);
    assert.equal(first.status, 200);
    assert.deepEqual(((await first.json()) as { totals: unknown }).totals, {
      stored: 2,
      unchanged: 0,
      rejected: 0,
    });
    const again = await post(objects);
    assert.deepEqual(((await again.json()) as { totals: unknown }).totals, {
      stored: 0,
      unchanged: 2,
      rejected: 0,
    });
  });

  test('accepts NDJSON', async () => {
    const body = [indicator(), indicator()].map((o) => JSON.stringify(o)).join('\n');
    const res = await call(`${node.url}/api/v1/bundles`, node.homeKey, {
      method: 'POST',
      body,
      contentType: 'application/x-ndjson',
    });
    assert.equal(res.status, 200);
  });

  test('a conflicting body under the same (id, modified) is rejected and the stored one is kept', async () => {
    const original = indicator();
    await post([original]);
    const res = await post([{ ...original, name: 'tampered' }]);
    assert.equal(res.status, 422);
    const stored = await call(`${node.url}/api/v1/objects/${original.id}`, node.homeKey);
    assert.deepEqual(((await stored.json()) as { objects: unknown[] }).objects, [original]);
  });
});

describe('REST :: bad input changes nothing and is named', () => {
  test('each bad object is rejected with its problem while the valid ones of the batch are stored', async () => {
    const before = await allVisible(node.homeKey);
    const good = indicator();
    const DEEP = '__DEEP__';
    const bad: [unknown, RegExp][] = [
      [indicator({ name: 'nul\u0000byte' }), /string-nul|NUL|U\+0000/i],
      [indicator({ name: 'lone \ud800 surrogate' }), /surrogate/i],
      [indicator({ id: 'indicator--not-a-uuid' }), /id/i],
      [indicator({ created: '2026-13-40T00:00:00Z' }), /created/],
      [indicator({ x_deep: DEEP }), /deep|nest/i],
      ['just a string', /object/i],
    ];
    // JSON.stringify itself overflows on 10,000 levels, so the deep value is spliced in as text.
    const deepJson = `${'{"x":'.repeat(10_000)}{}${'}'.repeat(10_000)}`;
    const text = JSON.stringify({
      type: 'bundle',
      id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
      objects: [good, ...bad.map(([o]) => o)],
    }).replace(`"${DEEP}"`, deepJson);
    const res = await call(`${node.url}/api/v1/bundles`, node.homeKey, {
      method: 'POST',
      body: text,
    });
    assert.equal(res.status, 422);
    const body = (await res.json()) as {
      totals: Record<string, number>;
      results: { status: string; errors?: { message: string; rule: string }[] }[];
    };
    assert.deepEqual(body.totals, { stored: 1, unchanged: 0, rejected: bad.length });
    bad.forEach(([, message], i) => {
      const result = body.results[i + 1]!;
      assert.equal(result.status, 'rejected');
      const text = (result.errors ?? []).map((e) => `${e.rule} ${e.message}`).join(' ');
      assert.match(text, message, `item ${i + 1}: ${text}`);
    });
    const afterwards = await allVisible(node.homeKey);
    assert.deepEqual(
      afterwards.filter((v) => !v.startsWith(good.id)),
      before,
    );
  });

  test('malformed JSON, a non-STIX document and a wrong media type get 400/415 and change nothing', async () => {
    const before = await allVisible(node.homeKey);
    const cases: [string, string, number][] = [
      ['{"type": "bundle", "objects": [', 'application/json', 400],
      ['42', 'application/json', 400],
      [
        '{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":"nope"}',
        'application/json',
        400,
      ],
      ['hello', 'text/plain', 415],
    ];
    for (const [body, contentType, status] of cases) {
      const res = await call(`${node.url}/api/v1/bundles`, node.homeKey, {
        method: 'POST',
        body,
        contentType,
      });
      assert.equal(res.status, status, body);
      const problem = (await res.json()) as { status: number; detail?: string };
      assert.equal(problem.status, status);
      assert.ok(problem.detail, 'the problem says what is wrong');
    }
    assert.deepEqual(await allVisible(node.homeKey), before);
  });

  test('a body over the limit gets 413 and changes nothing', async () => {
    const before = await allVisible(node.homeKey);
    const big = JSON.stringify([indicator({ description: 'x'.repeat(5 * 1024 * 1024) })]);
    const res = await call(`${node.url}/api/v1/bundles`, node.homeKey, {
      method: 'POST',
      body: big,
    });
    assert.equal(res.status, 413);
    assert.deepEqual(await allVisible(node.homeKey), before);
  });
});

describe('REST :: the policy gate', () => {
  test('another organization sees CLEAR content but not unmarked or AMBER objects; an id probe answers 404 as for a missing id', async () => {
    const unmarked = indicator();
    const amber = indicator({ object_marking_refs: [TLP_AMBER] });
    const clear = indicator({ object_marking_refs: [TLP_CLEAR] });
    assert.equal((await post([unmarked, amber, clear])).status, 200);
    const seenByOther = await allVisible(node.otherKey);
    assert.ok(seenByOther.some((v) => v.startsWith(clear.id)));
    assert.ok(!seenByOther.some((v) => v.startsWith(unmarked.id) || v.startsWith(amber.id)));
    for (const hidden of [unmarked, amber]) {
      const probe = await call(`${node.url}/api/v1/objects/${hidden.id}`, node.otherKey);
      const missing = await call(
        `${node.url}/api/v1/objects/indicator--00000000-0000-4000-8000-888888888888`,
        node.otherKey,
      );
      assert.equal(probe.status, 404);
      const [a, b] = [
        (await probe.json()) as { detail: string },
        (await missing.json()) as { detail: string },
      ];
      assert.equal(
        a.detail.replace(hidden.id, 'ID'),
        b.detail.replace('indicator--00000000-0000-4000-8000-888888888888', 'ID'),
      );
    }
    const byType = await list('?type=indicator&limit=10000', node.otherKey);
    assert.ok(!byType.objects.some((o) => o.id === unmarked.id || o.id === amber.id));
  });

  test('a caller without a key sees nothing at all', async () => {
    for (const path of [
      '/api/v1/objects',
      '/api/v1/objects?type=malware',
      `/api/v1/objects/indicator--a1b2c3d4-0000-4000-8000-000000000001`,
    ]) {
      const res = await call(`${node.url}${path}`, undefined);
      assert.equal(res.status, 401);
      const text = await res.text();
      assert.doesNotMatch(text, /indicator--|malware--/);
    }
    const write = await call(`${node.url}/api/v1/bundles`, undefined, {
      method: 'POST',
      body: JSON.stringify([indicator()]),
    });
    assert.equal(write.status, 401);
  });
});

describe('GET /api/v1/objects :: pages read ahead for a client following next', () => {
  test('the page read ahead is never served to another reader, nor after one of its objects is deleted', async () => {
    const since = new Date(Date.now() - 1).toISOString();
    const shared = Array.from({ length: 9 }, () => indicator({ object_marking_refs: [TLP_AMBER] }));
    assert.equal((await post(shared)).status, 200);
    const ids = shared.map((o) => o.id);
    const query = `?type=indicator&added_after=${since}&limit=3`;
    const first = await list(query);
    assert.deepEqual(
      first.objects.map((o) => o.id),
      ids.slice(0, 3),
    );
    await new Promise((resolve) => setTimeout(resolve, 20)); // page 2 is read ahead meanwhile
    const next = `${query}&next=${encodeURIComponent(first.next!)}`;

    const other = await list(next, node.otherKey);
    assert.ok(!other.objects.some((o) => ids.includes(o.id)), 'AMBER of another organization');

    const { memberViewer } = await import('../src/policy/viewer.js');
    const gone = ids[3]!;
    const deleted = await node.store.deleteVersions(gone, node.homeOrgId, [{ kind: 'all' }], {
      tokens: memberViewer(node.homeOrgId).tokens,
    });
    assert.equal(deleted, 1);
    const second = await list(next);
    assert.deepEqual(
      second.objects.map((o) => o.id),
      ids.slice(4, 7),
    );
  });
});
