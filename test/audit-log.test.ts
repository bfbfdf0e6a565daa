/**
 * The audit log (issue 4, Audit): who created, versioned, marked, exported or read AMBER and
 * RED objects, every authentication failure, and administration; node admins read all of it,
 * org-admins the events about their own organization's objects, others nothing; no secrets.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runShura } from './support/cli-process.js';
import { call, startTestNode, type TestNode } from './support/http-node.js';

const TLP_AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
const TLP_GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
const TLP_CLEAR = 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487';

let node: TestNode;
let group: string;
let otherAdminKey: string;

interface Event {
  action: string;
  reason?: string;
  actor: { kind: string; user_id?: string; organization_id?: string; key_id?: string; via: string };
  object?: { id: string; version?: string; tlp?: string; organization_id?: string };
  detail?: Record<string, unknown>;
}

async function send(key: string, method: string, path: string, body?: unknown) {
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
async function events(
  key: string,
  query: string,
): Promise<{ status: number; events: Event[]; text: string }> {
  const res = await send(key, 'GET', `/api/v1/audit?limit=1000&${query}`);
  return { status: res.status, events: (res.body.events ?? []) as Event[], text: res.text };
}
const post = (key: string, objects: unknown[]) =>
  send(key, 'POST', '/api/v1/bundles', { type: 'bundle', id: `bundle--${randomUUID()}`, objects });

function indicator(markings: string[], extra: Record<string, unknown> = {}) {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: '2024-08-01T00:00:00.000Z',
    modified: '2024-08-01T00:00:00.000Z',
    pattern: "[url:value = 'http://audit.example/']",
    pattern_type: 'stix',
    valid_from: '2024-08-01T00:00:00Z',
    object_marking_refs: markings,
    ...extra,
  };
}

before(async () => {
  node = await startTestNode();
  group = (
    await send(node.homeKey, 'POST', '/api/v1/groups', {
      name: 'Audited',
      members: [node.otherOrgId],
    })
  ).body.marking_ref as string;
  const admin = await send(node.homeKey, 'POST', '/api/v1/users', {
    name: 'boss',
    role: 'org-admin',
    organization_id: node.otherOrgId,
  });
  otherAdminKey = (await send(node.homeKey, 'POST', '/api/v1/keys', { user_id: admin.body.id }))
    .body.secret as string;
});
after(() => node.close());

describe('Audit :: AMBER and RED objects', () => {
  test('creating, versioning, re-marking and reading an AMBER object are recorded with who did it; CLEAR reads are not', async () => {
    const v1 = indicator([TLP_AMBER, group]);
    assert.equal((await post(node.otherKey, [v1])).status, 200);
    const v2 = { ...v1, modified: '2024-08-02T00:00:00.000Z', object_marking_refs: [TLP_GREEN] };
    assert.equal((await post(node.otherKey, [v2])).status, 200);
    const clear = indicator([TLP_CLEAR]);
    await post(node.otherKey, [clear]);
    assert.equal(
      (await send(node.homeKey, 'GET', `/api/v1/objects/${v1.id}?version=all`)).status,
      200,
    );
    await send(node.homeKey, 'GET', `/api/v1/objects/${clear.id}`);

    const log = await events(node.homeKey, `object=${v1.id}`);
    const actions = log.events.map((e) => e.action);
    assert.deepEqual(actions, [
      'object.created',
      'object.versioned',
      'object.marked',
      'object.read',
    ]);
    const [created, versioned, marked, read] = log.events;
    assert.equal(created!.object?.tlp, 'amber');
    assert.equal(created!.actor.organization_id, node.otherOrgId);
    assert.match(created!.actor.key_id ?? '', /^[0-9a-f]{16}$/);
    assert.equal(versioned!.object?.tlp, 'green', 'a downgrade from AMBER is recorded');
    assert.deepEqual(marked!.detail, { from: [TLP_AMBER, group], to: [TLP_GREEN] });
    assert.equal(read!.actor.organization_id, node.homeOrgId);
    assert.equal(read!.object?.version, v1.modified, 'only the AMBER version is an audited read');
    assert.equal(read!.object?.organization_id, node.otherOrgId);
    assert.equal((await events(node.homeKey, `object=${clear.id}`)).events.length, 0);
  });

  test('org-admins read the events about their own objects only; analysts may not read the log', async () => {
    const theirs = indicator([TLP_AMBER, group]);
    await post(node.otherKey, [theirs]);
    const ours = indicator([TLP_AMBER, group]);
    await post(node.homeKey, [ours]);
    await send(node.otherKey, 'GET', `/api/v1/objects/${ours.id}`);
    const scoped = await events(otherAdminKey, '');
    assert.equal(scoped.status, 200);
    assert.ok(scoped.events.some((e) => e.object?.id === theirs.id));
    assert.ok(
      scoped.events.every((e) => e.object?.organization_id === node.otherOrgId),
      'nothing about others',
    );
    assert.ok(!scoped.events.some((e) => e.action === 'auth.failed'));
    const filtered = await events(otherAdminKey, `object=${ours.id}`);
    assert.deepEqual(filtered.events, [], "asking for another organization's object gives nothing");
    assert.equal((await events(node.otherKey, '')).status, 403);
    assert.ok(
      (await events(node.homeKey, `object=${ours.id}`)).events.some(
        (e) => e.action === 'object.read' && e.actor.organization_id === node.otherOrgId,
      ),
    );
  });

  test('administration is recorded without secrets: issuing and revoking keys, people, groups', async () => {
    const user = await send(node.homeKey, 'POST', '/api/v1/users', {
      name: 'auditor',
      role: 'read-only',
    });
    const key = await send(node.homeKey, 'POST', '/api/v1/keys', { user_id: user.body.id });
    const secret = key.body.secret as string;
    await send(node.homeKey, 'POST', `/api/v1/keys/${(key.body.key as { id: string }).id}/revoke`);
    await send(node.homeKey, 'GET', '/api/v1/objects'.replace('objects', 'me'));
    await call(`${node.url}/api/v1/me`, secret);
    const log = await events(
      node.homeKey,
      'action=user.created,key.issued,key.revoked,group.created,auth.failed',
    );
    const actions = new Set(log.events.map((e) => e.action));
    for (const a of ['user.created', 'key.issued', 'key.revoked', 'group.created', 'auth.failed'])
      assert.ok(actions.has(a), a);
    assert.ok(!log.text.includes(secret.slice(23)), 'the secret never reaches the log');
    assert.ok(log.events.some((e) => e.action === 'auth.failed' && e.reason === 'revoked'));
  });
});

describe('Audit :: the CLI', () => {
  test('shura export records AMBER exports and shura audit prints the log', async () => {
    const data = mkdtempSync(join(tmpdir(), 'shura-audit-'));
    try {
      assert.equal((await runShura(['init', '--no-demo', '--data', data])).code, 0);
      const amber = indicator([TLP_AMBER]);
      const imported = await runShura(['import', '--as-member', '--data', data, '-'], {
        input: JSON.stringify(amber),
      });
      assert.equal(imported.code, 0, imported.stderr);
      assert.equal(
        (await runShura(['export', '--data', data, '-o', join(data, 'out.json')])).code,
        0,
      );
      const printed = await runShura(['audit', '--json', '--data', data, '--object', amber.id]);
      assert.equal(printed.code, 0, printed.stderr);
      const log = JSON.parse(printed.stdout) as {
        action: string;
        actorKind: string;
        via: string;
      }[];
      assert.deepEqual(
        log.map((e) => e.action),
        ['object.created', 'object.exported'],
      );
      assert.ok(log.every((e) => e.actorKind === 'operator' && e.via === 'cli'));
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
