import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiKeyRecord, Organization, User } from '../store.js';
import type { ContractContext } from './store-contract.js';
import { indicator, newId, write } from './factories.js';

/** Identity, settings, records, and durability. */
export function defineNodeDataTests(context: ContractContext): void {
  const store = () => context.store();

  test('organizations, users and API keys: create, read, list, revoke; duplicates refused', async () => {
    const org: Organization = {
      id: `org-${newId('x').slice(-6)}`,
      name: 'CERT-X',
      identityId: newId('identity'),
      created: '2024-01-01T00:00:00.000Z',
    };
    await store().createOrganization(org);
    await assert.rejects(store().createOrganization(org));
    assert.deepEqual(await store().getOrganization(org.id), org);
    assert.equal(await store().getOrganization('org-missing'), undefined);
    assert.deepEqual(
      (await context.other().listOrganizations()).filter((o) => o.id === org.id),
      [org],
    );
    const user: User = {
      id: `user-${newId('x').slice(-6)}`,
      organizationId: org.id,
      name: 'ana',
      role: 'analyst',
      created: org.created,
    };
    await store().createUser(user);
    assert.deepEqual(await store().getUser(user.id), user);
    assert.equal(await store().getUser('user-missing'), undefined);
    const key: ApiKeyRecord = {
      id: newId('x').slice(-16),
      userId: user.id,
      secretHash: 'ab'.repeat(32),
      created: org.created,
      expires: '2030-01-01T00:00:00.000Z',
    };
    await store().createApiKey(key);
    assert.deepEqual(await store().getApiKey(key.id), key);
    await store().revokeApiKey(key.id, '2024-02-01T00:00:00.000Z');
    await store().revokeApiKey(key.id, '2024-03-01T00:00:00.000Z');
    assert.deepEqual(await store().getApiKey(key.id), {
      ...key,
      revoked: '2024-02-01T00:00:00.000Z',
    });
    assert.equal(await store().getApiKey('missing'), undefined);
  });

  test('settings and records: replace on write, list in id order, delete once', async () => {
    assert.equal(await store().getSetting('contract.k'), undefined);
    await store().setSetting('contract.k', 'v1');
    await store().setSetting('contract.k', 'v2');
    assert.equal(await context.other().getSetting('contract.k'), 'v2');
    await store().putRecord('contract', 'b', { x: 1 });
    await store().putRecord('contract', 'a', { y: [2] });
    await store().putRecord('contract', 'a', { y: [3], z: 'ü' });
    await store().putRecord('other-kind', 'a', 'elsewhere');
    assert.deepEqual(await store().getRecord('contract', 'a'), { y: [3], z: 'ü' });
    assert.deepEqual(await store().listRecords('contract'), [
      { id: 'a', document: { y: [3], z: 'ü' } },
      { id: 'b', document: { x: 1 } },
    ]);
    assert.equal(await store().deleteRecord('contract', 'a'), true);
    assert.equal(await store().deleteRecord('contract', 'a'), false);
    assert.equal(await store().getRecord('contract', 'a'), undefined);
    assert.equal(await store().getRecord('other-kind', 'a'), 'elsewhere');
  });

  test('records with an expiry are deleted once it has passed, and only those; replacing sets it anew', async () => {
    const put = (id: string, expires?: string) =>
      store().putRecord('contract-expiry', id, { id }, { expires });
    await put('past', '2030-01-01T00:00:00.000Z');
    await put('now', '2030-01-02T00:00:00.000Z');
    await put('later', '2030-01-03T00:00:00.000Z');
    await put('never');
    await put('renewed', '2030-01-01T00:00:00.000Z');
    await put('renewed', '2031-01-01T00:00:00.000Z');
    await put('kept-forever', '2030-01-01T00:00:00.000Z');
    await put('kept-forever');
    // Read at a time: what expired by then is as absent, deleted or not yet.
    const at = (id: string, time: string) =>
      context.other().getRecord('contract-expiry', id, { at: time });
    assert.deepEqual(await at('now', '2030-01-01T23:59:59.999Z'), { id: 'now' });
    assert.equal(await at('now', '2030-01-02T00:00:00.000Z'), undefined);
    assert.deepEqual(await at('never', '2999-01-01T00:00:00.000Z'), { id: 'never' });
    assert.deepEqual(await at('kept-forever', '2999-01-01T00:00:00.000Z'), { id: 'kept-forever' });
    assert.deepEqual(await store().getRecord('contract-expiry', 'past'), { id: 'past' });
    assert.equal(await store().deleteExpiredRecords('2030-01-02T00:00:00.000Z'), 2);
    const left = await context.other().listRecords('contract-expiry');
    assert.deepEqual(
      left.map((r) => r.id),
      ['kept-forever', 'later', 'never', 'renewed'],
    );
    assert.equal(await store().deleteExpiredRecords('2030-01-02T00:00:00.000Z'), 0);
    assert.equal(await store().deleteExpiredRecords('2999-01-01T00:00:00.000Z'), 2);
    assert.deepEqual(
      (await store().listRecords('contract-expiry')).map((r) => r.id),
      ['kept-forever', 'never'],
    );
  });

  test('everything survives closing and reopening the store', async () => {
    const object = indicator();
    const [outcome] = await store().putObjects([write(object)]);
    await store().setSetting('contract.durable', 'yes');
    const reopened = await context.reopen();
    const [read] = await reopened.getObject(object.id, { tokens: ['org:a'] });
    assert.equal(JSON.stringify(read?.object), JSON.stringify(object));
    assert.equal(read?.added, outcome?.status === 'stored' ? outcome.added : undefined);
    assert.equal(await reopened.getSetting('contract.durable'), 'yes');
    const [later] = await reopened.putObjects([write(indicator())]);
    assert.ok(
      later?.status === 'stored' && outcome?.status === 'stored' && later.added > outcome.added,
      'added keeps increasing after a reopen',
    );
  });
}
