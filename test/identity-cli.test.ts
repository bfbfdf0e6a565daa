/**
 * Identity at the CLI (the node operator's tool): shura org, user, key, group, and a key
 * issued there working, then refused once revoked, against a running `shura serve`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runShura, startServe } from './support/cli-process.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function json<T>(args: string[], data: string): Promise<T> {
  const run = await runShura([...args, '--json', '--data', data]);
  assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

describe('CLI :: org, user, key, group', () => {
  test('the operator registers an organization, its people, a key (shown once), a trust group; revoking the key stops it', async () => {
    const data = mkdtempSync(join(tmpdir(), 'shura-identity-cli-'));
    dirs.push(data);
    assert.equal((await runShura(['init', '--no-demo', '--data', data])).code, 0);
    const [org] = await json<{ id: string; identityId: string; country: string }[]>(
      ['org', 'create', '--name', 'CERT-FI', '--country', 'FI', '--sectors', 'government'],
      data,
    );
    assert.equal(org!.country, 'FI');
    const orgs = await json<{ id: string }[]>(['org', 'list'], data);
    assert.equal(orgs.length, 2);
    const [user] = await json<{ id: string; role: string; organizationId: string }[]>(
      ['user', 'create', '--name', 'Aino', '--role', 'analyst', '--org', org!.id],
      data,
    );
    assert.deepEqual([user!.role, user!.organizationId], ['analyst', org!.id]);
    const issued = await json<{ key: { id: string }; secret: string }>(
      ['key', 'issue', '--user', user!.id, '--label', 'laptop'],
      data,
    );
    assert.match(issued.secret, /^shura_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const keys = await runShura(['key', 'list', '--user', user!.id, '--data', data]);
    assert.match(keys.stdout, new RegExp(`id=${issued.key.id}`));
    assert.ok(!keys.stdout.includes(issued.secret.slice(23)), 'a listing never shows the secret');
    const [group] = await json<{ id: string; members: string[]; marking_ref: string }[]>(
      ['group', 'create', '--name', 'Nordic', '--members', org!.id],
      data,
    );
    assert.equal(group!.members.length, 2);
    assert.equal(group!.marking_ref, `marking-definition--${group!.id}`);
    const [removed] = await json<{ members: string[] }[]>(
      ['group', 'remove-member', group!.id, org!.id],
      data,
    );
    assert.equal(removed!.members.length, 1);
    const refused = await runShura([
      'user',
      'create',
      '--name',
      'x',
      '--role',
      'overlord',
      '--data',
      data,
    ]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /role/);

    const server = await startServe(['--data', data]);
    try {
      const me = await fetch(`${server.url}/api/v1/me`, {
        headers: { authorization: `Bearer ${issued.secret}` },
      });
      assert.equal(me.status, 200);
      assert.equal(
        ((await me.json()) as { organization: { id: string } }).organization.id,
        org!.id,
      );
      const revoked = await runShura(['key', 'revoke', issued.key.id, '--data', data]);
      assert.equal(revoked.code, 0, revoked.stderr);
      const after = await fetch(`${server.url}/api/v1/me`, {
        headers: { authorization: `Bearer ${issued.secret}` },
      });
      assert.equal(after.status, 401);
    } finally {
      await server.stop();
    }
    const log = await json<{ action: string }[]>(
      ['audit', '--action', 'key.issued,key.revoked,auth.failed'],
      data,
    );
    assert.deepEqual(
      log.map((e) => e.action),
      ['key.issued', 'key.revoked', 'auth.failed'],
    );
  });
});
