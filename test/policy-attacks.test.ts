/**
 * The attacks of issue 4, black-box over HTTP: wrong, expired, revoked and disabled keys;
 * forged `created_by_ref`; sharing into a trust group one is not a member of; removing a
 * marking from another organization's object; id-guessing (answered exactly as a missing id,
 * on REST and TAXII); granular markings hiding a property.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { call, startTestNode, type TestNode } from './support/http-node.js';

const TLP_AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
const TLP_GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
const TLP_RED = 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1';

let node: TestNode;
let homeIdentity: string;
let otherIdentity: string;
/** A trust group of the home organization and the other organization. */
let group: string;
/** A third organization outside the group, with an analyst key. */
let outsiderKey: string;

async function send(key: string | undefined, method: string, path: string, body?: unknown) {
  const res = await call(`${node.url}${path}`, key, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: (text ? JSON.parse(text) : undefined) as Record<string, unknown>,
  };
}

before(async () => {
  node = await startTestNode();
  homeIdentity = (await node.store.getOrganization(node.homeOrgId))!.identityId;
  otherIdentity = (await node.store.getOrganization(node.otherOrgId))!.identityId;
  const created = await send(node.homeKey, 'POST', '/api/v1/groups', {
    name: 'Pair',
    members: [node.otherOrgId],
  });
  assert.equal(created.status, 201, created.text);
  group = created.body.marking_ref as string;
  const third = await send(node.homeKey, 'POST', '/api/v1/organizations', { name: 'Third' });
  const user = await send(node.homeKey, 'POST', '/api/v1/users', {
    name: 'x',
    role: 'analyst',
    organization_id: third.body.id,
  });
  outsiderKey = (await send(node.homeKey, 'POST', '/api/v1/keys', { user_id: user.body.id })).body
    .secret as string;
});
after(() => node.close());

function indicator(extra: Record<string, unknown> = {}) {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: '2024-07-01T00:00:00.000Z',
    modified: '2024-07-01T00:00:00.000Z',
    description: 'telemetry from a partner',
    pattern: "[ipv4-addr:value = '203.0.113.9']",
    pattern_type: 'stix',
    valid_from: '2024-07-01T00:00:00Z',
    ...extra,
  };
}
const post = (key: string, objects: unknown[]) =>
  send(key, 'POST', '/api/v1/bundles', { type: 'bundle', id: `bundle--${randomUUID()}`, objects });

describe('Attacks :: keys', () => {
  test('wrong, unknown, malformed, expired, revoked and disabled keys all get the same 401; the audit log keeps each reason, never the secret', async () => {
    const user = await send(node.homeKey, 'POST', '/api/v1/users', {
      name: 'temp',
      role: 'analyst',
    });
    const issue = async (body: Record<string, unknown> = {}) =>
      (await send(node.homeKey, 'POST', '/api/v1/keys', { user_id: user.body.id, ...body }))
        .body as { secret: string; key: { id: string } };
    const revoked = await issue();
    await send(node.homeKey, 'POST', `/api/v1/keys/${revoked.key.id}/revoke`);
    const expiring = await issue({ expires: new Date(Date.now() + 1500).toISOString() });
    const disabledUser = await send(node.homeKey, 'POST', '/api/v1/users', {
      name: 'leaver',
      role: 'analyst',
    });
    const disabled = (
      await send(node.homeKey, 'POST', '/api/v1/keys', { user_id: disabledUser.body.id })
    ).body as { secret: string };
    await send(node.homeKey, 'PATCH', `/api/v1/users/${disabledUser.body.id as string}`, {
      disabled: true,
    });
    await new Promise((r) => setTimeout(r, 1600));
    const wrongSecret = `${revoked.secret.slice(0, 23)}${'A'.repeat(43)}`;
    const cases: [string, string][] = [
      ['wrong-secret', `${node.otherKey.slice(0, 23)}${'B'.repeat(43)}`],
      ['unknown', `shura_0123456789abcdef_${'C'.repeat(43)}`],
      ['malformed', 'not-a-key'],
      ['expired', expiring.secret],
      ['revoked', revoked.secret],
      ['disabled', disabled.secret],
      ['wrong-secret', wrongSecret],
    ];
    const bodies = new Set<string>();
    for (const [, key] of cases) {
      const res = await send(key, 'GET', '/api/v1/objects');
      assert.equal(res.status, 401);
      bodies.add(res.text);
    }
    assert.equal(bodies.size, 1, 'every refusal answers alike');
    const audit = await send(node.homeKey, 'GET', '/api/v1/audit?action=auth.failed&limit=1000');
    const events = audit.body.events as { reason: string; actor: { key_id?: string } }[];
    for (const reason of ['wrong-secret', 'unknown', 'malformed', 'expired', 'revoked', 'disabled'])
      assert.ok(
        events.some((e) => e.reason === reason),
        reason,
      );
    assert.ok(events.some((e) => e.reason === 'revoked' && e.actor.key_id === revoked.key.id));
    for (const [, key] of cases)
      assert.ok(
        !audit.text.includes(key.slice(23)) || key.length < 30,
        'no secret in the audit log',
      );
  });
});

describe('Attacks :: authorship and markings', () => {
  test('a forged created_by_ref is refused (422 forged-creator) and nothing is stored', async () => {
    const forged = indicator({ created_by_ref: homeIdentity, object_marking_refs: [TLP_GREEN] });
    const res = await post(node.otherKey, [forged]);
    assert.equal(res.status, 422);
    const result = (
      res.body.results as { status: string; errors: { rule: string; pointer: string }[] }[]
    )[0]!;
    assert.deepEqual(
      [result.status, result.errors[0]!.rule, result.errors[0]!.pointer],
      ['rejected', 'forged-creator', '/created_by_ref'],
    );
    assert.equal((await send(node.homeKey, 'GET', `/api/v1/objects/${forged.id}`)).status, 404);
  });

  test("an object without created_by_ref is shared in the sharer organization's name", async () => {
    const object = indicator({ object_marking_refs: [TLP_GREEN] });
    assert.equal((await post(node.otherKey, [object])).status, 200);
    const stored = await send(node.homeKey, 'GET', `/api/v1/objects/${object.id}`);
    assert.equal(
      (stored.body.objects as { created_by_ref: string }[])[0]!.created_by_ref,
      otherIdentity,
    );
  });

  test('sharing into a trust group one is not a member of is refused; members share and see, others do not', async () => {
    const intruding = indicator({ object_marking_refs: [TLP_AMBER, group] });
    const refused = await post(outsiderKey, [intruding]);
    assert.equal(refused.status, 422);
    assert.equal(
      (refused.body.results as { errors: { rule: string }[] }[])[0]!.errors[0]!.rule,
      'not-group-member',
    );
    const shared = indicator({ object_marking_refs: [TLP_AMBER, group] });
    assert.equal((await post(node.otherKey, [shared])).status, 200);
    assert.equal((await send(node.homeKey, 'GET', `/api/v1/objects/${shared.id}`)).status, 200);
    assert.equal((await send(outsiderKey, 'GET', `/api/v1/objects/${shared.id}`)).status, 404);
    const granular = indicator({
      object_marking_refs: [TLP_GREEN],
      granular_markings: [{ marking_ref: group, selectors: ['description'] }],
    });
    assert.equal(
      (await post(outsiderKey, [granular])).status,
      422,
      'granular markings need membership too',
    );
  });

  test("removing a marking from another organization's object is refused, whatever created_by_ref says; the message names nobody", async () => {
    const original = indicator({
      created_by_ref: homeIdentity,
      object_marking_refs: [TLP_AMBER, group],
    });
    assert.equal((await post(node.homeKey, [original])).status, 200);
    const unmarked = {
      ...original,
      modified: '2024-07-02T00:00:00.000Z',
      object_marking_refs: [TLP_GREEN],
    };
    const asTheirs = await post(node.otherKey, [{ ...unmarked, created_by_ref: undefined }]);
    assert.equal(asTheirs.status, 422);
    const error = (asTheirs.body.results as { errors: { rule: string; message: string }[] }[])[0]!
      .errors[0]!;
    assert.equal(error.rule, 'foreign-creator');
    assert.ok(!error.message.includes(homeIdentity), 'the creator is not revealed');
    const forged = await post(node.otherKey, [unmarked]);
    assert.equal(
      (forged.body.results as { errors: { rule: string }[] }[])[0]!.errors[0]!.rule,
      'forged-creator',
    );
    assert.equal(
      (await send(outsiderKey, 'GET', `/api/v1/objects/${original.id}`)).status,
      404,
      'still AMBER for the group only',
    );
    const latest = await send(node.otherKey, 'GET', `/api/v1/objects/${original.id}`);
    assert.deepEqual(
      (latest.body.objects as { modified: string }[]).map((o) => o.modified),
      [original.modified],
    );
  });

  test("a peer node may pass a local organization's object back unchanged, but not version or re-mark it", async () => {
    const peer = await send(node.homeKey, 'POST', '/api/v1/users', {
      name: 'peer node',
      role: 'sync',
      organization_id: node.otherOrgId,
    });
    const peerKey = (await send(node.homeKey, 'POST', '/api/v1/keys', { user_id: peer.body.id }))
      .body.secret as string;
    const original = indicator({
      created_by_ref: homeIdentity,
      object_marking_refs: [TLP_AMBER, group],
    });
    assert.equal((await post(node.homeKey, [original])).status, 200);
    const echo = await post(peerKey, [original]);
    assert.equal(echo.status, 200, echo.text);
    assert.deepEqual(echo.body.totals, { stored: 0, unchanged: 1, rejected: 0 });
    const remarked = {
      ...original,
      modified: '2024-07-03T00:00:00.000Z',
      object_marking_refs: [TLP_GREEN],
    };
    const refused = await post(peerKey, [remarked]);
    assert.equal(refused.status, 422);
    assert.equal(
      (refused.body.results as { errors: { rule: string }[] }[])[0]!.errors[0]!.rule,
      'local-creator',
    );
    assert.equal((await send(outsiderKey, 'GET', `/api/v1/objects/${original.id}`)).status, 404);
  });

  test('RED with a recipients marking reaches the named organization only', async () => {
    const { recipientsMarking } = await import('../src/policy/markings.js');
    const recipients = recipientsMarking([otherIdentity]);
    const red = indicator({ object_marking_refs: [TLP_RED, recipients.id] });
    assert.equal((await post(node.homeKey, [recipients, red])).status, 200);
    assert.equal((await send(node.otherKey, 'GET', `/api/v1/objects/${red.id}`)).status, 200);
    assert.equal((await send(outsiderKey, 'GET', `/api/v1/objects/${red.id}`)).status, 404);
    const groupOnly = indicator({ object_marking_refs: [TLP_RED, group] });
    assert.equal((await post(node.homeKey, [groupOnly])).status, 200);
    assert.equal(
      (await send(node.otherKey, 'GET', `/api/v1/objects/${groupOnly.id}`)).status,
      404,
      'a trust group does not widen RED',
    );
  });
});

describe('Attacks :: id-guessing and granular markings', () => {
  test('an invisible object answers exactly as a missing one, on REST and TAXII', async () => {
    const hidden = indicator({ object_marking_refs: [TLP_AMBER] });
    assert.equal((await post(node.homeKey, [hidden])).status, 200);
    const missing = `indicator--${randomUUID()}`;
    const paths = (id: string) => [
      `/api/v1/objects/${id}`,
      `/api/v1/objects/${id}?version=all`,
      `/taxii2/api1/collections/default/objects/${id}/`,
      `/taxii2/api1/collections/default/objects/${id}/versions/`,
    ];
    const taxii = {
      accept: 'application/taxii+json;version=2.1',
      authorization: `Bearer ${node.otherKey}`,
    };
    const hiddenPaths = paths(hidden.id);
    const missingPaths = paths(missing);
    for (let i = 0; i < hiddenPaths.length; i++) {
      const a = await fetch(`${node.url}${hiddenPaths[i]}`, { headers: taxii });
      const b = await fetch(`${node.url}${missingPaths[i]}`, { headers: taxii });
      assert.equal(a.status, 404, hiddenPaths[i]);
      assert.equal(b.status, 404, missingPaths[i]);
      assert.equal(
        (await a.text()).replace(hidden.id, 'ID'),
        (await b.text()).replace(missing, 'ID'),
        hiddenPaths[i],
      );
      assert.equal(a.headers.get('content-type'), b.headers.get('content-type'));
    }
  });

  test('a property under a granular marking the viewer may not see is removed, the rest is shown', async () => {
    const object = indicator({
      object_marking_refs: [TLP_GREEN],
      granular_markings: [{ marking_ref: group, selectors: ['description'] }],
    });
    assert.equal((await post(node.homeKey, [object])).status, 200);
    const member = await send(node.otherKey, 'GET', `/api/v1/objects/${object.id}`);
    assert.equal(
      (member.body.objects as { description?: string }[])[0]!.description,
      object.description,
    );
    const outsider = await send(outsiderKey, 'GET', `/api/v1/objects/${object.id}`);
    const seen = (outsider.body.objects as Record<string, unknown>[])[0]!;
    assert.equal(seen.description, undefined);
    assert.equal(seen.pattern, object.pattern);
    const listed = await send(outsiderKey, 'GET', `/api/v1/objects?id=${object.id}`);
    assert.equal((listed.body.objects as Record<string, unknown>[])[0]!.description, undefined);
  });
});
