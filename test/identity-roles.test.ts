/**
 * Identity over REST, role by role (issue 4, Identity): node admins manage organizations,
 * org-admins their own people, everyone their own keys; keys are shown once, expire and can be
 * revoked; read-only accounts read; peers (sync) relay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, startTestNode, type TestNode } from './support/http-node.js';

const TLP_CLEAR = 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487';

let node: TestNode;
before(async () => (node = await startTestNode()));
after(() => node.close());

async function send(key: string, method: string, path: string, body?: unknown) {
  const res = await call(`${node.url}${path}`, key, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : undefined) as Record<string, unknown>,
  };
}
const get = (key: string, path: string) => send(key, 'GET', path);

/** A new organization with an org-admin, an analyst, a read-only user and a peer, with keys. */
async function organizationWithPeople(name: string) {
  const admin = node.homeKey;
  const org = await send(admin, 'POST', '/api/v1/organizations', {
    name,
    country: 'EE',
    sectors: ['government'],
  });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  const id = org.body.id as string;
  const people: Record<string, { id: string; key: string }> = {};
  for (const role of ['org-admin', 'analyst', 'read-only', 'sync']) {
    const user = await send(admin, 'POST', '/api/v1/users', {
      name: `${role} of ${name}`,
      role,
      organization_id: id,
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    const key = await send(admin, 'POST', '/api/v1/keys', { user_id: user.body.id });
    assert.equal(key.status, 201);
    people[role] = { id: user.body.id as string, key: key.body.secret as string };
  }
  return {
    id,
    identityId: org.body.identity_id as string,
    people: people as Record<
      'org-admin' | 'analyst' | 'read-only' | 'sync',
      { id: string; key: string }
    >,
  };
}

describe('Identity :: node admin', () => {
  test('creates, lists and updates organizations; each gets a public STIX identity, versioned on update', async () => {
    const created = await send(node.homeKey, 'POST', '/api/v1/organizations', {
      name: 'CERT-LV',
      country: 'LV',
      sectors: ['government'],
    });
    assert.equal(created.status, 201);
    assert.deepEqual(
      { name: created.body.name, country: created.body.country, sectors: created.body.sectors },
      { name: 'CERT-LV', country: 'LV', sectors: ['government'] },
    );
    const list = await get(node.otherKey, '/api/v1/organizations');
    assert.ok(
      (list.body.organizations as { id: string }[]).some((o) => o.id === created.body.id),
      'every member sees the directory',
    );
    const updated = await send(
      node.homeKey,
      'PATCH',
      `/api/v1/organizations/${created.body.id as string}`,
      {
        name: 'CERT.LV',
      },
    );
    assert.equal(updated.status, 200);
    assert.equal(updated.body.name, 'CERT.LV');
    const identity = await get(
      node.otherKey,
      `/api/v1/objects/${created.body.identity_id as string}?version=all`,
    );
    const versions = identity.body.objects as {
      name: string;
      identity_class: string;
      object_marking_refs: string[];
    }[];
    assert.deepEqual(
      versions.map((v) => v.name),
      ['CERT-LV', 'CERT.LV'],
    );
    assert.ok(
      versions.every(
        (v) => v.identity_class === 'organization' && v.object_marking_refs.includes(TLP_CLEAR),
      ),
    );
  });

  test('refuses bad input with 400 problem details and unknown organizations with 404', async () => {
    for (const body of [
      {},
      { name: '' },
      { name: 'x', country: 'Estonia' },
      { name: 'x', colour: 'blue' },
    ]) {
      const res = await send(node.homeKey, 'POST', '/api/v1/organizations', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.type, 'urn:shura:problem:invalid');
    }
    assert.equal(
      (await send(node.homeKey, 'PATCH', '/api/v1/organizations/nope', { name: 'x' })).status,
      404,
    );
    assert.equal(
      (
        await send(node.homeKey, 'POST', '/api/v1/users', {
          name: 'x',
          role: 'analyst',
          organization_id: 'nope',
        })
      ).status,
      404,
    );
    assert.equal(
      (await send(node.homeKey, 'POST', '/api/v1/users', { name: 'x', role: 'overlord' })).status,
      400,
    );
  });
});

describe('Identity :: org-admin', () => {
  test('manages the people of its own organization only, never as node admin or peer', async () => {
    const a = await organizationWithPeople('CERT-A');
    const b = await organizationWithPeople('CERT-B');
    const orgAdmin = a.people['org-admin'].key;
    const added = await send(orgAdmin, 'POST', '/api/v1/users', {
      name: 'new analyst',
      role: 'analyst',
    });
    assert.equal(added.status, 201);
    assert.equal(added.body.organization_id, a.id, 'defaults to its own organization');
    for (const body of [
      { name: 'x', role: 'analyst', organization_id: b.id },
      { name: 'x', role: 'admin' },
      { name: 'x', role: 'sync' },
    ])
      assert.equal(
        (await send(orgAdmin, 'POST', '/api/v1/users', body)).status,
        403,
        JSON.stringify(body),
      );
    const users = (await get(orgAdmin, '/api/v1/users')).body.users as {
      organization_id: string;
    }[];
    assert.ok(users.length >= 5 && users.every((u) => u.organization_id === a.id));
    assert.equal(
      (await get(orgAdmin, `/api/v1/users/${b.people.analyst.id}`)).status,
      404,
      "another organization's user is not found",
    );
    assert.equal(
      (await send(orgAdmin, 'PATCH', `/api/v1/users/${b.people.analyst.id}`, { role: 'read-only' }))
        .status,
      404,
    );
    const demoted = await send(orgAdmin, 'PATCH', `/api/v1/users/${added.body.id as string}`, {
      role: 'read-only',
    });
    assert.equal(demoted.body.role, 'read-only');
    assert.equal(
      (await send(orgAdmin, 'POST', '/api/v1/organizations', { name: 'mine' })).status,
      403,
    );
  });

  test('issues and revokes keys of its people; a revoked key and a disabled user are refused at once', async () => {
    const a = await organizationWithPeople('CERT-C');
    const orgAdmin = a.people['org-admin'].key;
    const issued = await send(orgAdmin, 'POST', '/api/v1/keys', {
      user_id: a.people.analyst.id,
      label: 'SIEM',
      expires: '2099-01-01T00:00:00Z',
    });
    assert.equal(issued.status, 201);
    const secret = issued.body.secret as string;
    assert.match(secret, /^shura_[0-9a-f]{16}_/);
    assert.equal((await get(secret, '/api/v1/me')).status, 200);
    const listed = await get(orgAdmin, `/api/v1/keys?user=${a.people.analyst.id}`);
    const keys = listed.body.keys as Record<string, unknown>[];
    assert.ok(
      keys.some(
        (k) =>
          k.id === (issued.body.key as { id: string }).id &&
          k.label === 'SIEM' &&
          k.status === 'active',
      ),
    );
    assert.doesNotMatch(
      JSON.stringify(listed.body),
      /shura_|secret|hash/i,
      'listings never show a secret or its hash',
    );
    const revoked = await send(
      orgAdmin,
      'POST',
      `/api/v1/keys/${(issued.body.key as { id: string }).id}/revoke`,
    );
    assert.equal(revoked.body.status, 'revoked');
    assert.equal((await get(secret, '/api/v1/me')).status, 401);
    const disabled = await send(orgAdmin, 'PATCH', `/api/v1/users/${a.people['read-only'].id}`, {
      disabled: true,
    });
    assert.ok(disabled.body.disabled);
    assert.equal((await get(a.people['read-only'].key, '/api/v1/objects')).status, 401);
    await send(orgAdmin, 'PATCH', `/api/v1/users/${a.people['read-only'].id}`, { disabled: false });
    assert.equal((await get(a.people['read-only'].key, '/api/v1/objects')).status, 200);
  });
});

describe('Identity :: analyst, read-only and sync', () => {
  test('an analyst manages its own keys, sees only itself, and may not manage others', async () => {
    const a = await organizationWithPeople('CERT-D');
    const analyst = a.people.analyst.key;
    const users = (await get(analyst, '/api/v1/users')).body.users as { id: string }[];
    assert.deepEqual(
      users.map((u) => u.id),
      [a.people.analyst.id],
    );
    const own = await send(analyst, 'POST', '/api/v1/keys', {});
    assert.equal(own.status, 201);
    assert.equal(
      (await send(analyst, 'POST', '/api/v1/keys', { user_id: a.people['read-only'].id })).status,
      404,
    );
    assert.equal(
      (await send(analyst, 'POST', '/api/v1/users', { name: 'x', role: 'analyst' })).status,
      403,
    );
    const me = await get(analyst, '/api/v1/me');
    assert.equal((me.body.user as { role: string }).role, 'analyst');
    assert.equal((me.body.organization as { id: string }).id, a.id);
  });

  test('read-only reads but may not share (403); a sync peer relays third-party objects as received', async () => {
    const a = await organizationWithPeople('CERT-E');
    const object = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--6b1f8a52-2c4e-4d5f-9a0b-1c2d3e4f5a6b',
      created: '2024-06-01T00:00:00.000Z',
      modified: '2024-06-01T00:00:00.000Z',
      created_by_ref: 'identity--0c7b5b88-8ff7-4a4d-aa9d-feb398cd9999',
      pattern: "[domain-name:value = 'relay.example']",
      pattern_type: 'stix',
      valid_from: '2024-06-01T00:00:00Z',
      object_marking_refs: [TLP_CLEAR],
    };
    const bundle = {
      type: 'bundle',
      id: 'bundle--6b1f8a52-2c4e-4d5f-9a0b-1c2d3e4f5a6c',
      objects: [object],
    };
    assert.equal((await get(a.people['read-only'].key, '/api/v1/objects')).status, 200);
    const refused = await send(a.people['read-only'].key, 'POST', '/api/v1/bundles', bundle);
    assert.equal(refused.status, 403);
    const asAnalyst = await send(a.people.analyst.key, 'POST', '/api/v1/bundles', bundle);
    assert.equal(asAnalyst.status, 422, "a person may not share in another identity's name");
    const relayed = await send(a.people.sync.key, 'POST', '/api/v1/bundles', bundle);
    assert.equal(relayed.status, 200, JSON.stringify(relayed.body));
    const stored = await get(node.otherKey, `/api/v1/objects/${object.id}`);
    assert.deepEqual((stored.body.objects as unknown[])[0], object, 'kept exactly as received');
    for (const path of ['/api/v1/audit', '/api/v1/users?organization=x']) {
      const res = await get(a.people.sync.key, path);
      assert.ok(
        res.status === 403 || (res.status === 200 && (res.body.users as unknown[]).length === 1),
        path,
      );
    }
  });
});
