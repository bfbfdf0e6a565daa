import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  auditScopeOf,
  mayCreateGroup,
  mayManageGroup,
  mayManageKeysOf,
  mayManageOrganizations,
  mayManageUser,
  maySeeGroup,
  maySeeUser,
  type Actor,
} from './permissions.js';
import { ROLES, writeModeOf, type Role } from './roles.js';

const actor = (role: Role, organizationId = 'a', userId = 'u1'): Actor => ({
  role,
  organizationId,
  userId,
});

test('roles :: people write as members, peers relay, read-only never writes', () => {
  assert.deepEqual(Object.fromEntries(ROLES.map((r) => [r, writeModeOf(r)])), {
    admin: 'member',
    'org-admin': 'member',
    analyst: 'member',
    'read-only': 'none',
    sync: 'relay',
  });
});

test('permissions :: only node admins manage organizations', () => {
  for (const role of ROLES)
    assert.equal(mayManageOrganizations(actor(role)), role === 'admin', role);
});

test('permissions :: node admins manage every user; org-admins their own people, never as admin or sync', () => {
  for (const role of ROLES) {
    assert.equal(mayManageUser(actor('admin'), 'b', role), true);
    assert.equal(
      mayManageUser(actor('org-admin'), 'a', role),
      ['org-admin', 'analyst', 'read-only'].includes(role),
      role,
    );
    assert.equal(mayManageUser(actor('org-admin'), 'b', role), false);
    for (const other of ['analyst', 'read-only', 'sync'] as const)
      assert.equal(mayManageUser(actor(other), 'a', role), false);
  }
});

test('permissions :: who sees which user and manages which keys', () => {
  const colleague = { id: 'u2', organizationId: 'a', role: 'analyst' as const };
  const stranger = { id: 'u3', organizationId: 'b', role: 'analyst' as const };
  const self = { id: 'u1', organizationId: 'a', role: 'read-only' as const };
  assert.equal(maySeeUser(actor('analyst'), colleague), false);
  assert.equal(maySeeUser(actor('analyst'), self), true);
  assert.equal(maySeeUser(actor('org-admin'), colleague), true);
  assert.equal(maySeeUser(actor('org-admin'), stranger), false);
  assert.equal(maySeeUser(actor('admin'), stranger), true);
  assert.equal(mayManageKeysOf(actor('read-only'), self), true, 'everyone manages its own keys');
  assert.equal(mayManageKeysOf(actor('analyst'), colleague), false);
  assert.equal(mayManageKeysOf(actor('org-admin'), colleague), true);
  assert.equal(
    mayManageKeysOf(actor('org-admin'), { id: 'u4', organizationId: 'a', role: 'admin' }),
    false,
  );
  assert.equal(mayManageKeysOf(actor('org-admin'), stranger), false);
});

test('permissions :: trust groups are created and changed by node admins and the owner org-admins, seen by members', () => {
  const group = { ownerOrganizationId: 'a', members: ['a', 'c'] };
  assert.equal(mayCreateGroup(actor('org-admin'), 'a'), true);
  assert.equal(mayCreateGroup(actor('org-admin'), 'b'), false);
  assert.equal(mayCreateGroup(actor('analyst'), 'a'), false);
  assert.equal(mayManageGroup(actor('admin', 'z'), group), true);
  assert.equal(mayManageGroup(actor('org-admin', 'c'), group), false, 'a member is not the owner');
  assert.equal(maySeeGroup(actor('read-only', 'c'), group), true);
  assert.equal(maySeeGroup(actor('org-admin', 'b'), group), false);
});

test('permissions :: audit scope: admins everything, org-admins their own objects, others nothing', () => {
  assert.deepEqual(auditScopeOf(actor('admin')), { kind: 'all' });
  assert.deepEqual(auditScopeOf(actor('org-admin')), { kind: 'own-objects', organizationId: 'a' });
  for (const role of ['analyst', 'read-only', 'sync'] as const)
    assert.deepEqual(auditScopeOf(actor(role)), { kind: 'none' });
});
