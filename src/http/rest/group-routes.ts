import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  createTrustGroup,
  getTrustGroup,
  listTrustGroups,
  setGroupMember,
} from '../../identity/trust-groups.js';
import { callerOf, principalOf, requireApiKey, type AuthDeps } from '../auth/authenticate.js';
import { presentGroup } from './identity-present.js';
import {
  jsonBody,
  onlyFields,
  optionalString,
  optionalStrings,
  requiredString,
} from './json-body.js';

/**
 * `/api/v1/groups`: trust groups and their members. Members see their groups; node admins and
 * the owner organization's org-admins change them. A group the caller may not see is 404.
 */
export function registerGroupRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { store, clock } = deps;
  const auth = requireApiKey(deps);
  const caller = (request: FastifyRequest) => callerOf(principalOf(request), 'rest');

  app.get('/api/v1/groups', { preHandler: auth }, async (request) => ({
    groups: (await listTrustGroups(store, caller(request))).map(presentGroup),
  }));

  app.post('/api/v1/groups', { preHandler: auth }, async (request, reply) => {
    const body = jsonBody(request);
    onlyFields(body, ['name', 'description', 'owner_organization_id', 'members']);
    const group = await createTrustGroup(
      store,
      caller(request),
      {
        name: requiredString(body, 'name'),
        description: optionalString(body, 'description'),
        ownerOrganizationId: optionalString(body, 'owner_organization_id'),
        members: optionalStrings(body, 'members'),
      },
      clock(),
    );
    return reply.code(201).send(presentGroup(group));
  });

  app.get<{ Params: { id: string } }>('/api/v1/groups/:id', { preHandler: auth }, async (request) =>
    presentGroup(await getTrustGroup(store, caller(request), request.params.id)),
  );

  type Member = { Params: { id: string; organization: string } };
  app.put<Member>(
    '/api/v1/groups/:id/members/:organization',
    { preHandler: auth },
    async (request) => {
      const { id, organization } = request.params;
      return presentGroup(
        await setGroupMember(store, caller(request), id, organization, true, clock()),
      );
    },
  );

  app.delete<Member>(
    '/api/v1/groups/:id/members/:organization',
    { preHandler: auth },
    async (request) => {
      const { id, organization } = request.params;
      return presentGroup(
        await setGroupMember(store, caller(request), id, organization, false, clock()),
      );
    },
  );
}
