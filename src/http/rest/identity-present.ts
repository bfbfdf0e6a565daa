import type {
  ApiKeyRecord,
  AuditPage,
  Organization,
  StoredAuditEvent,
  TrustGroup,
  User,
} from '../../store/store.js';

/** Wire form of an organization. */
export function presentOrganization(org: Organization): Record<string, unknown> {
  return {
    id: org.id,
    name: org.name,
    identity_id: org.identityId,
    ...(org.country !== undefined ? { country: org.country } : {}),
    sectors: org.sectors ?? [],
    created: org.created,
  };
}

/** Wire form of a user. */
export function presentUser(user: User): Record<string, unknown> {
  return {
    id: user.id,
    organization_id: user.organizationId,
    name: user.name,
    role: user.role,
    created: user.created,
    ...(user.disabled !== undefined ? { disabled: user.disabled } : {}),
  };
}

/** Wire form of a key: metadata only (the hash is never sent; the secret exists only at issue). */
export function presentKey(key: ApiKeyRecord, now: Date): Record<string, unknown> {
  const expired = key.expires !== undefined && Date.parse(key.expires) <= now.getTime();
  return {
    id: key.id,
    user_id: key.userId,
    ...(key.label !== undefined ? { label: key.label } : {}),
    created: key.created,
    ...(key.expires !== undefined ? { expires: key.expires } : {}),
    ...(key.revoked !== undefined ? { revoked: key.revoked } : {}),
    status: key.revoked !== undefined ? 'revoked' : expired ? 'expired' : 'active',
  };
}

/** Wire form of a trust group, with the id of its marking definition. */
export function presentGroup(group: TrustGroup): Record<string, unknown> {
  return {
    id: group.id,
    marking_ref: `marking-definition--${group.id}`,
    name: group.name,
    ...(group.description !== undefined ? { description: group.description } : {}),
    owner_organization_id: group.ownerOrganizationId,
    members: group.members,
    created: group.created,
  };
}

function presentEvent(event: StoredAuditEvent): Record<string, unknown> {
  return {
    seq: event.seq,
    at: event.at,
    action: event.action,
    actor: {
      kind: event.actorKind,
      ...(event.actorUserId ? { user_id: event.actorUserId } : {}),
      ...(event.actorOrganizationId ? { organization_id: event.actorOrganizationId } : {}),
      ...(event.actorKeyId ? { key_id: event.actorKeyId } : {}),
      via: event.via,
    },
    ...(event.objectId !== undefined
      ? {
          object: {
            id: event.objectId,
            ...(event.objectVersion !== undefined ? { version: event.objectVersion } : {}),
            ...(event.tlp !== undefined ? { tlp: event.tlp } : {}),
            ...(event.objectOrganizationId !== undefined
              ? { organization_id: event.objectOrganizationId }
              : {}),
          },
        }
      : {}),
    ...(event.reason !== undefined ? { reason: event.reason } : {}),
    ...(event.detail !== undefined ? { detail: event.detail } : {}),
  };
}

/** Wire form of a page of the audit log. */
export function presentAuditPage(page: AuditPage): Record<string, unknown> {
  return {
    events: page.items.map(presentEvent),
    more: page.next !== undefined,
    ...(page.next !== undefined ? { next: page.next } : {}),
  };
}
