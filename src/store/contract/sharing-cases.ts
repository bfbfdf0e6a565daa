import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Organization, TrustGroup, User } from '../store.js';
import { indicator, isolatedViewer, newId, write } from './factories.js';
import type { ContractContext } from './store-contract.js';

/**
 * What the policy layer needs of a store: organization details and lookup by identity, user
 * and key listings and updates, trust groups and memberships, granular audiences, viewers
 * that withhold tokens, and an append-only audit log.
 */
/**
 * `count` read events of one reader (same actor, time, action and channel), each about its
 * own object: versions, TLP levels, and every other one about a stored version (`objectRef`
 * from `firstRef`).
 */
function readsOfOneReader(count: number, objectOrganizationId: string, firstRef: number) {
  return Array.from({ length: count }, (_, i) => ({
    at: '2024-06-02T00:00:00.000Z',
    action: 'object.read',
    actorKind: 'user' as const,
    actorUserId: 'u-reader',
    actorOrganizationId: 'o1',
    actorKeyId: 'k1',
    via: 'taxii',
    objectId: newId(),
    objectVersion: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
    tlp: i % 3 ? 'amber' : 'red',
    objectOrganizationId,
    ...(i % 2 ? { objectRef: firstRef + i } : {}),
  }));
}

export function defineSharingTests(context: ContractContext): void {
  const store = () => context.store();
  const unique = () => newId('x').slice(-12);

  async function organization(extra: Partial<Organization> = {}): Promise<Organization> {
    const org: Organization = {
      id: `org-${unique()}`,
      name: 'CERT-S',
      identityId: newId('identity'),
      created: '2024-01-01T00:00:00.000Z',
      ...extra,
    };
    await store().createOrganization(org);
    return org;
  }

  test('sharing: organizations keep country and sectors, update in place, and are found by identity', async () => {
    const org = await organization({ country: 'EE', sectors: ['government', 'defense'] });
    assert.deepEqual(await store().getOrganization(org.id), org);
    assert.deepEqual(await context.other().getOrganizationByIdentity(org.identityId), org);
    assert.equal(await store().getOrganizationByIdentity(newId('identity')), undefined);
    const renamed = { ...org, name: 'CERT-EE', sectors: ['government'] };
    delete (renamed as Partial<Organization>).country;
    await store().updateOrganization(renamed);
    assert.deepEqual(await store().getOrganization(org.id), renamed);
  });

  test('sharing: users list per organization and update (role, disabled); keys list per user with labels', async () => {
    const org = await organization();
    const a: User = {
      id: `u-${unique()}`,
      organizationId: org.id,
      name: 'a',
      role: 'analyst',
      created: '2024-01-01T00:00:00.000Z',
    };
    const b: User = {
      ...a,
      id: `u-${unique()}`,
      name: 'b',
      role: 'read-only',
      created: '2024-01-02T00:00:00.000Z',
    };
    await store().createUser(a);
    await store().createUser(b);
    assert.deepEqual(await store().listUsers({ organizationId: org.id }), [a, b]);
    assert.ok((await store().listUsers()).some((u) => u.id === b.id));
    const disabled = { ...a, role: 'org-admin' as const, disabled: '2024-03-01T00:00:00.000Z' };
    await store().updateUser(disabled);
    assert.deepEqual(await store().getUser(a.id), disabled);
    await store().updateUser(a);
    assert.deepEqual(await store().getUser(a.id), a);
    const key = {
      id: unique().padStart(16, '0'),
      userId: a.id,
      secretHash: 'cd'.repeat(32),
      created: '2024-01-01T00:00:00.000Z',
      label: 'SIEM',
    };
    await store().createApiKey(key);
    assert.deepEqual(await store().listApiKeys({ userId: a.id }), [key]);
    assert.deepEqual(await store().listApiKeys({ userId: b.id }), []);
  });

  test('sharing: trust groups with members; membership changes are reported and listed per organization', async () => {
    const owner = await organization();
    const member = await organization();
    const outsider = await organization();
    const group: TrustGroup = {
      id: `00000000-0000-4000-8000-${unique()}`,
      name: 'Baltic CERTs',
      description: 'regional',
      ownerOrganizationId: owner.id,
      created: '2024-01-01T00:00:00.000Z',
      members: [owner.id, member.id].sort(),
    };
    await store().createTrustGroup(group);
    await assert.rejects(store().createTrustGroup(group));
    assert.deepEqual(await context.other().getTrustGroup(group.id), group);
    assert.equal(await store().getTrustGroup(`00000000-0000-4000-8000-${unique()}`), undefined);
    assert.deepEqual(await store().groupIdsOf(member.id), [group.id]);
    assert.deepEqual(await store().groupIdsOf(outsider.id), []);
    assert.deepEqual(
      (await store().listTrustGroups({ memberOrganizationId: member.id })).map((g) => g.id),
      [group.id],
    );
    assert.deepEqual(await store().listTrustGroups({ memberOrganizationId: outsider.id }), []);
    assert.equal(
      await store().addGroupMember(group.id, outsider.id, '2024-02-01T00:00:00.000Z'),
      true,
    );
    assert.equal(
      await store().addGroupMember(group.id, outsider.id, '2024-02-01T00:00:00.000Z'),
      false,
    );
    assert.deepEqual(
      (await store().getTrustGroup(group.id))?.members,
      [owner.id, member.id, outsider.id].sort(),
    );
    assert.equal(await store().removeGroupMember(group.id, member.id), true);
    assert.equal(await store().removeGroupMember(group.id, member.id), false);
    assert.deepEqual(await store().groupIdsOf(member.id), []);
  });

  test('sharing: granular audiences are stored with the version and returned by every read', async () => {
    const { token, viewer } = isolatedViewer();
    const granular = [{ selectors: ['description'], audience: ['org:owner'] }];
    const object = indicator({ description: 'secret' });
    await store().putObjects([{ ...write(object, [token]), granular }]);
    const plain = indicator();
    await store().putObjects([write(plain, [token])]);
    assert.deepEqual((await store().getObject(object.id, viewer))[0]?.granular, granular);
    const page = await store().queryObjects({ ids: [object.id, plain.id], limit: 10 }, viewer);
    assert.deepEqual(
      page.items.map((v) => v.granular),
      [granular, undefined],
    );
  });

  test('sharing: a viewer that withholds a token sees no version whose audience holds it, on every read', async () => {
    const { token } = isolatedViewer();
    const shared = indicator();
    const local = indicator();
    await store().putObjects([write(shared, [token]), write(local, [token, 'no-forward'])]);
    const peer = { tokens: [token], withheld: ['no-forward'] };
    const query = { ids: [shared.id, local.id], limit: 10 };
    assert.deepEqual(
      (await store().queryObjects(query, peer)).items.map((v) => v.id),
      [shared.id],
    );
    assert.equal(await store().countObjects(query, peer), 1);
    assert.deepEqual(await store().getObject(local.id, peer), []);
    assert.equal(await store().countObjects(query, { tokens: [token] }), 2);
  });

  test('sharing: the audit log appends in order, filters and pages, and refuses any change or deletion', async () => {
    const objectOrg = `org-${unique()}`;
    const objectId = newId();
    const base = {
      actorKind: 'user' as const,
      actorUserId: 'u1',
      actorOrganizationId: 'o1',
      via: 'rest',
    };
    await store().appendAudit([
      {
        ...base,
        at: '2024-05-01T00:00:00.000Z',
        action: 'object.read',
        objectId,
        objectVersion: '2024-01-01T00:00:00.000Z',
        tlp: 'amber',
        objectOrganizationId: objectOrg,
      },
      {
        at: '2024-05-01T00:00:01.000Z',
        action: 'auth.failed',
        actorKind: 'anonymous',
        actorKeyId: '0123456789abcdef',
        via: 'rest',
        reason: 'wrong-secret',
        detail: { remoteAddress: '192.0.2.1' },
      },
      {
        ...base,
        at: '2024-05-01T00:00:02.000Z',
        action: 'object.read',
        objectId,
        objectOrganizationId: objectOrg,
      },
    ]);
    const mine = await context.other().queryAudit({ objectOrganizationId: objectOrg, limit: 1 });
    assert.equal(mine.items.length, 1);
    assert.equal(mine.items[0]?.tlp, 'amber');
    assert.ok(mine.next);
    const rest = await store().queryAudit({
      objectOrganizationId: objectOrg,
      limit: 10,
      cursor: mine.next,
    });
    assert.deepEqual(
      rest.items.map((e) => e.at),
      ['2024-05-01T00:00:02.000Z'],
    );
    assert.equal(rest.next, undefined);
    assert.ok(rest.items[0]!.seq > mine.items[0].seq);
    const failures = await store().queryAudit({
      actions: ['auth.failed'],
      since: '2024-05-01T00:00:01Z',
      limit: 100,
    });
    const failure = failures.items.find((e) => e.actorKeyId === '0123456789abcdef');
    assert.deepEqual(failure && { ...failure, seq: 0 }, {
      seq: 0,
      at: '2024-05-01T00:00:01.000Z',
      action: 'auth.failed',
      actorKind: 'anonymous',
      actorKeyId: '0123456789abcdef',
      via: 'rest',
      reason: 'wrong-secret',
      detail: { remoteAddress: '192.0.2.1' },
    });
    // No Store method changes an event; the schema refuses it from anywhere else too.
    const raw = store() as unknown as {
      db?: { prepare(sql: string): { run(): unknown } };
      pool?: { query(sql: string): Promise<unknown> };
    };
    if (raw.db) {
      assert.throws(
        () => raw.db!.prepare("UPDATE audit_events SET action = 'x'").run(),
        /append-only/,
      );
      assert.throws(() => raw.db!.prepare('DELETE FROM audit_events').run(), /append-only/);
    } else if (raw.pool) {
      await assert.rejects(raw.pool.query("UPDATE audit_events SET action = 'x'"), /append-only/);
      await assert.rejects(raw.pool.query('DELETE FROM audit_events'), /append-only/);
      await assert.rejects(raw.pool.query('TRUNCATE audit_events'), /append-only/);
    }
    assert.equal(
      (await store().queryAudit({ objectOrganizationId: objectOrg, limit: 10 })).items.length,
      2,
    );
  });

  test('sharing: a large batch of audit events is appended whole, in order, each with its own values', async () => {
    // 123 events in one call: every one stored, in the order given, none mixed with another.
    const objectOrg = `org-${unique()}`;
    const events = Array.from({ length: 123 }, (_, i) => ({
      at: `2024-06-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
      action: 'object.read',
      actorKind: 'user' as const,
      actorUserId: `u${i}`,
      actorOrganizationId: 'o1',
      via: 'taxii',
      objectId: newId(),
      objectVersion: '2024-01-01T00:00:00.000Z',
      tlp: i % 2 ? 'amber' : 'red',
      objectOrganizationId: objectOrg,
      objectRef: 1_000_000 + i,
    }));
    await store().appendAudit(events);
    const page = await store().queryAudit({ objectOrganizationId: objectOrg, limit: 200 });
    assert.deepEqual(
      page.items.map(({ seq, ...event }) => {
        assert.ok(seq > 0);
        return event;
      }),
      events.map(({ objectRef: _internal, ...event }) => event), // objectRef is not returned
    );
  });

  test('sharing: the reads of one reader (same actor, time and action) are appended in order, each with its own object', async () => {
    const objectOrg = `org-${unique()}`;
    const events = readsOfOneReader(123, objectOrg, 3_000_000);
    events[61] = { ...events[61]!, actorUserId: 'u-other' }; // another reader's, mid-way
    await store().appendAudit(events);
    const page = await store().queryAudit({ objectOrganizationId: objectOrg, limit: 200 });
    assert.deepEqual(
      page.items.map(({ seq: _seq, ...event }) => event),
      events.map(({ objectRef: _internal, ...event }) => event),
    );
  });

  test('sharing: an append with a broken event in the middle stores none of its events', async () => {
    const objectOrg = `org-${unique()}`;
    // One reader's reads, one of them broken after the first multi-row statement of a
    // backend that writes 50 at a time.
    const events = readsOfOneReader(120, objectOrg, 2_000_000);
    events[70] = { ...events[70]!, at: null as unknown as string };
    await assert.rejects(store().appendAudit(events));
    const page = await store().queryAudit({ objectOrganizationId: objectOrg, limit: 200 });
    assert.equal(page.items.length, 0);
  });

  test('sharing: events about a stored version are found by object id, also after the version is deleted', async () => {
    const { token, viewer } = isolatedViewer();
    const object = indicator();
    const other = indicator();
    const outcomes = await store().putObjects([write(object, [token]), write(other, [token])]);
    const [stored] = await store().getObject(object.id, viewer);
    const [storedOther] = await store().getObject(other.id, viewer);
    assert.ok(stored && storedOther);
    // A write reports the seq its version got: the one reads give it (also for a batch the
    // backend writes in several multi-row statements).
    assert.deepEqual(
      outcomes.map((o) => (o.status === 'stored' ? o.seq : undefined)),
      [stored.seq, storedOther.seq],
    );
    const many = Array.from({ length: 123 }, () => indicator());
    const manyOutcomes = await store().putObjects(many.map((o) => write(o, [token])));
    const readBack = await store().queryObjects(
      { ids: many.map((o) => o.id), limit: 1000 },
      viewer,
    );
    const seqOf = new Map(readBack.items.map((v) => [v.id, v.seq]));
    assert.deepEqual(
      manyOutcomes.map((o) => (o.status === 'stored' ? o.seq : undefined)),
      many.map((o) => seqOf.get(o.id)),
    );
    const event = {
      actorKind: 'user' as const,
      via: 'taxii',
      action: 'object.read',
      at: '2024-06-01T00:00:00.000Z',
    };
    await store().appendAudit([
      { ...event, objectId: object.id, objectRef: stored.seq },
      { ...event, objectId: other.id, objectRef: storedOther.seq },
      // About no stored version (written before object_ref, or about a refused write).
      { ...event, action: 'object.created', objectId: object.id },
    ]);
    const about = async (id: string) =>
      (await store().queryAudit({ objectId: id, limit: 100 })).items.map((e) => e.action);
    assert.deepEqual(await about(object.id), ['object.read', 'object.created']);
    assert.deepEqual(await about(other.id), ['object.read']);
    // objectRef is internal: not part of what the log returns.
    const [read] = (await store().queryAudit({ objectId: other.id, limit: 1 })).items;
    assert.equal(read && 'objectRef' in read, false);

    assert.equal(await store().deleteVersions(object.id, 'a', [{ kind: 'all' }], viewer), 1);
    assert.deepEqual(await store().getObject(object.id, viewer), []);
    assert.deepEqual(await about(object.id), ['object.read', 'object.created']);
    assert.deepEqual(await about(other.id), ['object.read']);
  });
}
