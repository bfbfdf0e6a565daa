import type { FastifyReply, FastifyRequest } from 'fastify';
import { verifyApiKey } from '../../identity/api-keys.js';
import { memberViewer, type Viewer } from '../../policy/viewer.js';
import type { Organization, Store, User } from '../../store/store.js';
import { sendProblem } from '../problem.js';

/** The authenticated caller of a request. */
export interface Principal {
  user: User;
  organization: Organization;
  viewer: Viewer;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * A preHandler that requires `Authorization: Bearer <api key>`. Every refusal answers the same
 * 401 (which reason is never told to the caller, so keys cannot be probed).
 */
export function requireApiKey(store: Store, clock: () => Date) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      void reply.header('WWW-Authenticate', 'Bearer realm="shura"');
      await sendProblem(
        reply,
        401,
        'unauthenticated',
        'Authentication required',
        'Send an API key as "Authorization: Bearer <key>".',
      );
      return;
    }
    const check = await verifyApiKey(store, match[1]!, clock());
    const organization = check.ok
      ? await store.getOrganization(check.user.organizationId)
      : undefined;
    if (!check.ok || !organization) {
      void reply.header('WWW-Authenticate', 'Bearer realm="shura", error="invalid_token"');
      await sendProblem(
        reply,
        401,
        'unauthenticated',
        'Authentication failed',
        'The API key is not valid.',
      );
      return;
    }
    request.principal = { user: check.user, organization, viewer: memberViewer(organization.id) };
  };
}

/** The principal set by {@link requireApiKey}; throws if a route forgot the hook. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route is missing the authentication hook');
  return request.principal;
}
