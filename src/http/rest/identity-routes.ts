import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IdentityError } from '../../identity/identity-error.js';
import { issueKey, listKeys, revokeKey } from '../../identity/keys.js';
import { registerOrganization, updateOrganization } from '../../identity/organizations.js';
import { addUser, getUser, listUsers, updateUser } from '../../identity/users.js';
import type { Store } from '../../store/store.js';
import { callerOf, principalOf, requireApiKey, type AuthDeps } from '../auth/authenticate.js';
import {
  jsonBody,
  onlyFields,
  optionalString,
  optionalStrings,
  requiredString,
} from './json-body.js';
import { presentKey, presentOrganization, presentUser } from './identity-present.js';

export interface IdentityRoutesDeps extends AuthDeps {
  store: Store;
  clock: () => Date;
}

type Params = { Params: { id: string } };

/**
 * `/api/v1/me`, `/api/v1/organizations`, `/api/v1/users`, `/api/v1/keys`: thin routes over the
 * identity services, which check the caller's role (forbidden -> 403; something the caller may
 * not see -> 404, exactly as if it did not exist).
 */
export function registerIdentityRoutes(app: FastifyInstance, deps: IdentityRoutesDeps): void {
  const { store, clock } = deps;
  const auth = requireApiKey(deps);
  const caller = (request: FastifyRequest) => callerOf(principalOf(request), 'rest');

  app.get('/api/v1/me', { preHandler: auth }, async (request) => {
    const { user, organization } = principalOf(request);
    return {
      user: presentUser(user),
      organization: presentOrganization(organization),
      groups: await store.groupIdsOf(organization.id),
    };
  });

  app.get('/api/v1/organizations', { preHandler: auth }, async () => ({
    organizations: (await store.listOrganizations()).map(presentOrganization),
  }));

  app.get<Params>('/api/v1/organizations/:id', { preHandler: auth }, async (request) => {
    const org = await store.getOrganization(request.params.id);
    if (!org) throw new IdentityError('not-found', `No organization ${request.params.id}.`);
    return presentOrganization(org);
  });

  app.post('/api/v1/organizations', { preHandler: auth }, async (request, reply) => {
    const body = jsonBody(request);
    onlyFields(body, ['name', 'country', 'sectors']);
    const org = await registerOrganization(
      store,
      caller(request),
      {
        name: requiredString(body, 'name'),
        country: optionalString(body, 'country'),
        sectors: optionalStrings(body, 'sectors'),
      },
      clock(),
    );
    return reply.code(201).send(presentOrganization(org));
  });

  app.patch<Params>('/api/v1/organizations/:id', { preHandler: auth }, async (request) => {
    const body = jsonBody(request);
    onlyFields(body, ['name', 'country', 'sectors']);
    const org = await updateOrganization(
      store,
      caller(request),
      request.params.id,
      {
        name: optionalString(body, 'name'),
        country: optionalString(body, 'country'),
        sectors: optionalStrings(body, 'sectors'),
      },
      clock(),
    );
    return presentOrganization(org);
  });

  app.get<{ Querystring: { organization?: string } }>(
    '/api/v1/users',
    { preHandler: auth },
    async (request) => ({
      users: (
        await listUsers(store, caller(request), { organizationId: request.query.organization })
      ).map(presentUser),
    }),
  );

  app.post('/api/v1/users', { preHandler: auth }, async (request, reply) => {
    const body = jsonBody(request);
    onlyFields(body, ['name', 'role', 'organization_id']);
    const user = await addUser(
      store,
      caller(request),
      {
        name: requiredString(body, 'name'),
        role: body.role,
        organizationId: optionalString(body, 'organization_id'),
      },
      clock(),
    );
    return reply.code(201).send(presentUser(user));
  });

  app.get<Params>('/api/v1/users/:id', { preHandler: auth }, async (request) =>
    presentUser(await getUser(store, caller(request), request.params.id)),
  );

  app.patch<Params>('/api/v1/users/:id', { preHandler: auth }, async (request) => {
    const body = jsonBody(request);
    onlyFields(body, ['name', 'role', 'disabled']);
    if (body.disabled !== undefined && typeof body.disabled !== 'boolean')
      throw new IdentityError('invalid', '"disabled" must be true or false.');
    const user = await updateUser(
      store,
      caller(request),
      request.params.id,
      {
        name: optionalString(body, 'name'),
        role: body.role,
        disabled: body.disabled,
      },
      clock(),
    );
    return presentUser(user);
  });

  app.get<{ Querystring: { user?: string } }>(
    '/api/v1/keys',
    { preHandler: auth },
    async (request) => ({
      keys: (await listKeys(store, caller(request), { userId: request.query.user })).map((k) =>
        presentKey(k, clock()),
      ),
    }),
  );

  app.post('/api/v1/keys', { preHandler: auth }, async (request, reply) => {
    const body = jsonBody(request);
    onlyFields(body, ['user_id', 'expires', 'label']);
    const issued = await issueKey(
      store,
      caller(request),
      {
        userId: optionalString(body, 'user_id'),
        expires: optionalString(body, 'expires'),
        label: optionalString(body, 'label'),
      },
      clock(),
    );
    // The secret is in this response only; it is never stored or shown again.
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send({ key: presentKey(issued.record, clock()), secret: issued.secret });
  });

  app.post<Params>('/api/v1/keys/:id/revoke', { preHandler: auth }, async (request) =>
    presentKey(await revokeKey(store, caller(request), request.params.id, clock()), clock()),
  );
}
