import type { FastifyInstance } from 'fastify';
import { queryAuditLog } from '../../audit/audit-log.js';
import { isStixTimestamp } from '../../stix/timestamps.js';
import type { AuditQuery } from '../../store/store.js';
import { callerOf, principalOf, requireApiKey, type AuthDeps } from '../auth/authenticate.js';
import { QueryParameterError } from './object-query.js';
import { presentAuditPage } from './identity-present.js';

const KNOWN = ['action', 'object', 'organization', 'since', 'limit', 'next'];

/**
 * `GET /api/v1/audit`: the audit log, newest last, paged. Node admins see everything;
 * org-admins the events about their own organization's objects; others get 403.
 * Filters: `action` (comma-separated), `object` (STIX id), `organization` (acting
 * organization id), `since` (RFC 3339), `limit` (1-1000, default 100), `next`.
 */
export function registerAuditRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { store } = deps;
  app.get('/api/v1/audit', { preHandler: requireApiKey(deps) }, async (request) => {
    const raw = request.query as Record<string, string | string[]>;
    const query = parseAuditQuery(raw);
    return presentAuditPage(
      await queryAuditLog(store, callerOf(principalOf(request), 'rest'), query),
    );
  });
}

function parseAuditQuery(raw: Record<string, string | string[]>): AuditQuery {
  for (const name of Object.keys(raw))
    if (!KNOWN.includes(name))
      throw new QueryParameterError(
        name,
        `Unknown query parameter "${name}". Known: ${KNOWN.join(', ')}.`,
      );
  const one = (name: string): string | undefined => {
    const value = raw[name];
    if (Array.isArray(value))
      throw new QueryParameterError(name, `"${name}" may be given only once.`);
    return value;
  };
  const limitText = one('limit');
  const limit = limitText === undefined ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000 || !/^\d+$/.test(limitText ?? '1'))
    throw new QueryParameterError('limit', '"limit" must be an integer from 1 to 1000.');
  const since = one('since');
  if (since !== undefined && !isStixTimestamp(since))
    throw new QueryParameterError('since', '"since" must be an RFC 3339 timestamp.');
  const action = one('action');
  const object = one('object');
  const organization = one('organization');
  const next = one('next');
  return {
    limit,
    ...(action !== undefined ? { actions: action.split(',') } : {}),
    ...(object !== undefined ? { objectId: object } : {}),
    ...(organization !== undefined ? { actorOrganizationId: organization } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(next !== undefined ? { cursor: next } : {}),
  };
}
