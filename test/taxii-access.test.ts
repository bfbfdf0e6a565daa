/**
 * Who sees what through every TAXII endpoint: an outsider (no or a bad key) sees nothing; a
 * member of another organization sees exactly what the policy gate grants it; collections
 * grant reading and writing per role and organization (403 for a missing right, 404 for a
 * collection the caller may not know).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { issueApiKey } from '../src/identity/api-keys.js';
import { createUser } from '../src/identity/organizations.js';
import { startTestNode, type TestNode } from './support/http-node.js';
import { basic, indicator, TAXII, taxiiBody, taxiiError, taxiiOf, TLP } from './taxii-helpers.js';

let node: TestNode;
let t: ReturnType<typeof taxiiOf>;
let statusId: string;
const marked = {
  clear: indicator({ object_marking_refs: [TLP.clear] }),
  green: indicator({ object_marking_refs: [TLP.green] }),
  amber: indicator({ object_marking_refs: [TLP.amber] }),
  red: indicator({ object_marking_refs: [TLP.red] }),
  unmarked: indicator(),
};
const MISSING = 'indicator--7a0c3f4e-1b2d-4c5e-9f60-ffffffffffff';

before(async () => {
  node = await startTestNode();
  t = taxiiOf(node);
  const status = await taxiiBody<{ id: string; success_count: number }>(
    await t.post(Object.values(marked)),
    202,
  );
  assert.equal(status.success_count, 5);
  statusId = status.id;
});
after(() => node.close());

/** Every TAXII endpoint, with an object id and a status id to put in it. */
function endpoints(objectId: string, status: string): [string, string, string?][] {
  const c = '/collections/default';
  return [
    ['GET', `${'http://x'}/taxii2/`],
    ['GET', '/'],
    ['GET', `/status/${status}/`],
    ['GET', '/collections/'],
    ['GET', `${c}/`],
    ['GET', `${c}/manifest/`],
    ['GET', `${c}/objects/`],
    ['POST', `${c}/objects/`, JSON.stringify({ objects: [indicator()] })],
    ['GET', `${c}/objects/${objectId}/`],
    ['DELETE', `${c}/objects/${objectId}/`],
    ['GET', `${c}/objects/${objectId}/versions/`],
  ];
}
const url = (path: string) => path.replace('http://x', node.url);

describe('Access :: an outsider (no key, or a bad one) through every TAXII endpoint', () => {
  test('gets the same 401 TAXII error everywhere, whatever is wrong with its credentials, and no content', async () => {
    const wrong = node.homeKey.slice(0, -4) + 'AAAA';
    const credentials: (string | undefined)[] = [
      undefined,
      'Bearer nonsense',
      `Bearer ${wrong}`,
      `Bearer shura_0123456789abcdef_${'A'.repeat(43)}`,
      basic('admin', wrong),
      basic(node.homeKey, ''),
      'Basic !!!',
      'Digest username="x"',
    ];
    const before = await t.all('/collections/default/manifest/?match[version]=all');
    const answers = new Set<string>();
    for (const [method, path, body] of endpoints(marked.clear.id, statusId)) {
      for (const authorization of credentials) {
        const res = await t.request(url(path), {
          key: undefined,
          method,
          ...(body ? { body } : {}),
          headers: authorization ? { authorization } : {},
        });
        const text = await res.text();
        assert.equal(res.status, 401, `${method} ${path} ${authorization}`);
        assert.equal(res.headers.get('content-type'), TAXII);
        assert.match(res.headers.get('www-authenticate') ?? '', /Basic.*Bearer|Bearer.*Basic/);
        assert.doesNotMatch(text, /indicator--|malware--|identity--/);
        answers.add(text);
      }
    }
    assert.equal(answers.size, 1, 'every refusal is worded the same');
    const afterwards = await t.all('/collections/default/manifest/?match[version]=all');
    assert.deepEqual(
      afterwards.items,
      before.items,
      'the refused POSTs and DELETEs changed nothing',
    );
  });
});

describe('Access :: a member of another organization through every TAXII endpoint', () => {
  const as = { key: '' };
  before(() => (as.key = node.otherKey));

  test('sees TLP:CLEAR and TLP:GREEN content in objects, manifest and by id, never AMBER, RED or unmarked', async () => {
    const objects = await t.all<{ id: string }>(
      '/collections/default/objects/?match[version]=all',
      as,
    );
    const manifest = await t.all<{ id: string }>(
      '/collections/default/manifest/?match[version]=all',
      as,
    );
    for (const list of [objects.items, manifest.items]) {
      const ids = new Set(list.map((o) => o.id));
      assert.ok(ids.has(marked.clear.id) && ids.has(marked.green.id));
      for (const hidden of [marked.amber, marked.red, marked.unmarked])
        assert.ok(!ids.has(hidden.id));
    }
    for (const visible of [marked.clear, marked.green]) {
      assert.equal(
        (await t.request(`/collections/default/objects/${visible.id}/`, as)).status,
        200,
      );
      assert.equal(
        (await t.request(`/collections/default/objects/${visible.id}/versions/`, as)).status,
        200,
      );
    }
    const byId = await t.all<{ id: string }>(
      `/collections/default/objects/?match[id]=${[marked.amber.id, marked.red.id, marked.unmarked.id].join(',')}`,
      as,
    );
    assert.deepEqual(byId.items, []);
  });

  test('probing a hidden object answers exactly as a missing one, on every per-object endpoint', async () => {
    for (const hidden of [marked.amber, marked.red, marked.unmarked]) {
      for (const [method, path] of endpoints(hidden.id, statusId).slice(8)) {
        const probe = await t.request(path, { ...as, method });
        const missing = await t.request(path.replace(hidden.id, MISSING), { ...as, method });
        assert.equal(probe.status, 404, `${method} ${path}`);
        assert.equal(await probe.text(), await missing.text(), `${method} ${path}`);
      }
    }
  });

  test("cannot read the home organization's status resources, nor delete its objects", async () => {
    await taxiiError(await t.request(`/status/${statusId}/`, as), 404);
    await taxiiError(
      await t.request(`/collections/default/objects/${marked.green.id}/`, {
        ...as,
        method: 'DELETE',
      }),
      403,
    );
    assert.equal((await t.request(`/collections/default/objects/${marked.green.id}/`)).status, 200);
  });

  test('policy pin: TLP:GREEN is visible to every member organization (DESIGN.md), not only to its creator and TLP:CLEAR (the interim rule of issue 3)', async () => {
    const body = await taxiiBody<{ objects?: { id: string }[] }>(
      await t.request(`/collections/default/objects/${marked.green.id}/`, as),
      200,
    );
    assert.deepEqual(
      body.objects?.map((o) => o.id),
      [marked.green.id],
    );
  });
});

describe('Access :: configured collections (REST administration, TAXII grants)', () => {
  let admin: string;
  let reader: string;
  let homeOnly: string;
  const rest = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
    fetch(`${node.url}/api/v1/taxii/collections${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${init.key ?? admin}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });

  before(async () => {
    admin = node.homeKey;
    const user = await createUser(node.store, node.homeOrgId, 'reader', 'read-only', new Date());
    reader = (await issueApiKey(node.store, user.id, new Date())).secret;
  });

  test('only node admins manage collections; bad definitions are 400 problem details', async () => {
    const denied = await rest('', { method: 'POST', key: node.otherKey, body: { title: 'x' } });
    assert.equal(denied.status, 403);
    assert.equal(denied.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    for (const body of [
      {},
      { title: 'x', can_read: ['everyone'] },
      { title: 'x', colour: 'blue' },
      { title: 'x', filter: { types: ['Bad Type'] } },
      { title: 'x', can_write: ['role:wizard'] },
    ]) {
      const res = await rest('', { method: 'POST', body });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
  });

  test('grants: 404 for a collection the caller may not know, 403 for a right it lacks; read-only accounts never write', async () => {
    const created = await rest('', {
      method: 'POST',
      body: {
        title: 'Home only',
        alias: 'home-only',
        can_read: [`org:${node.homeOrgId}`],
        can_write: [`org:${node.homeOrgId}`],
      },
    });
    assert.equal(created.status, 201, await created.clone().text());
    homeOnly = ((await created.json()) as { id: string }).id;
    assert.equal(
      (await rest('', { method: 'POST', body: { title: 'again', alias: 'home-only' } })).status,
      409,
    );
    const shared = await rest('/4b7c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4', {
      method: 'PUT',
      body: {
        title: 'Malware',
        alias: 'malware',
        can_read: ['*'],
        can_write: ['role:admin'],
        filter: { types: ['malware'] },
      },
    });
    assert.equal(shared.status, 200);

    // With collections configured, the built-in default is gone.
    await taxiiError(await t.request('/collections/default/'), 404);
    const listed = await taxiiBody<{ collections: { alias: string }[] }>(
      await t.request('/collections/', { key: node.otherKey }),
      200,
    );
    assert.deepEqual(
      listed.collections.map((c) => c.alias),
      ['malware'],
    );
    const hidden = await t.request(`/collections/${homeOnly}/objects/`, { key: node.otherKey });
    const unknown = await t.request('/collections/99999999-9999-4999-8999-999999999999/objects/', {
      key: node.otherKey,
    });
    assert.equal(hidden.status, 404);
    assert.equal(await hidden.text(), await unknown.text());

    await taxiiError(
      await t.post([indicator()], { key: node.otherKey, collection: 'malware' }),
      403,
    );
    await taxiiError(await t.post([indicator()], { key: reader, collection: 'home-only' }), 403);
    const readerView = await taxiiBody<{ can_read: boolean; can_write: boolean }>(
      await t.request('/collections/home-only/', { key: reader }),
      200,
    );
    assert.deepEqual([readerView.can_read, readerView.can_write], [true, false]);
  });

  test('Delete an Object (§5.7) takes both rights: 403 with either alone, 404 with neither', async () => {
    const dropBox = await rest('', {
      method: 'POST',
      body: {
        title: 'Drop box',
        alias: 'drop-box',
        can_read: [`org:${node.homeOrgId}`],
        can_write: ['*'],
      },
    });
    assert.equal(dropBox.status, 201, await dropBox.clone().text());
    const id = indicator().id;
    const del = (collection: string) =>
      t.request(`/collections/${collection}/objects/${id}/`, {
        method: 'DELETE',
        key: node.otherKey,
      });
    await taxiiError(await del('drop-box'), 403); // write, no read
    await taxiiError(await del('malware'), 403); // read, no write
    await taxiiError(await del('home-only'), 404); // neither
  });

  test('Get Collections answers in the same order every time (§3.3): by collection id', async () => {
    const list = async () =>
      (
        await taxiiBody<{ collections: { id: string }[] }>(await t.request('/collections/'), 200)
      ).collections.map((c) => c.id);
    const first = await list();
    assert.ok(first.length >= 3, first.join());
    assert.deepEqual(await list(), first);
    assert.deepEqual([...first].sort(), first);
  });

  test('a collection id is a version 4 UUID (§2 identifier)', async () => {
    const res = await rest('/4b7c1d2e-3f4a-1b5c-8d6e-7f8091a2b3c4', {
      method: 'PUT',
      body: { title: 'Version 1 id' },
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /version 4 UUID/);
  });

  test('a saved filter decides what a collection exposes and what it accepts', async () => {
    const malware = await t.all<{ type: string }>(
      '/collections/malware/objects/?match[version]=all',
      { key: node.otherKey },
    );
    assert.ok(malware.items.length > 0);
    assert.ok(malware.items.every((o) => o.type === 'malware'));
    const status = await taxiiBody<{ failure_count: number; failures: { message: string }[] }>(
      await t.post([indicator()], { collection: 'malware' }),
      202,
    );
    assert.equal(status.failure_count, 1);
    assert.match(status.failures[0]!.message, /only objects of type malware/);

    const clear = await rest('', {
      method: 'POST',
      body: { title: 'Public', alias: 'public', filter: { markings: [TLP.clear] } },
    });
    assert.equal(clear.status, 201);
    const seen = await t.all<{ object_marking_refs?: string[] }>(
      '/collections/public/objects/?match[version]=all&limit=2',
    );
    assert.ok(seen.items.length > 0);
    assert.ok(seen.items.every((o) => o.object_marking_refs?.includes(TLP.clear)));
    assert.ok(seen.pages > 1, 'paged with a marking filter too');
  });

  test('removing every configured collection brings the default back', async () => {
    const { collections } = (await (await rest('')).json()) as { collections: { id: string }[] };
    for (const c of collections)
      assert.equal((await rest(`/${c.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await rest(`/${homeOnly}`, { method: 'DELETE' })).status, 404);
    assert.equal((await t.request('/collections/default/')).status, 200);
  });
});
