import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CollectionError,
  findCollection,
  listCollections,
  removeCollection,
  saveCollection,
  type TaxiiCollection,
} from '../../federation/taxii-collections.js';
import { principalOf, requireApiKey, type AuthDeps } from '../auth/authenticate.js';
import { sendProblem } from '../problem.js';

const PATH = '/api/v1/taxii/collections';

/**
 * `/api/v1/taxii/collections`: node admins configure the TAXII collections (a REST resource,
 * so errors are RFC 9457 problem details). Wire fields are snake_case: `can_read` and
 * `can_write` are grant lists here (`"*"`, `"role:<role>"`, `"org:<id>"`), and the saved
 * filter is `{types, markings, created_by}`.
 */
export function registerCollectionAdminRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { store } = deps;
  const auth = requireApiKey(deps);
  const admin = async (request: FastifyRequest, reply: FastifyReply) => {
    await auth(request, reply);
    if (reply.sent) return;
    if (principalOf(request).user.role !== 'admin')
      await sendProblem(
        reply,
        403,
        'forbidden',
        'Forbidden',
        'Only node admins manage TAXII collections.',
      );
  };
  const missing = (reply: FastifyReply, id: string) =>
    sendProblem(reply, 404, 'not-found', 'Not found', `No collection "${id.slice(0, 80)}".`);

  app.get(PATH, { preHandler: admin }, async () => ({
    collections: (await listCollections(store)).map(presentAdminCollection),
  }));

  app.get<{ Params: { id: string } }>(
    `${PATH}/:id`,
    { preHandler: admin },
    async (request, reply) => {
      const found = await findCollection(store, request.params.id);
      return found ? presentAdminCollection(found) : missing(reply, request.params.id);
    },
  );

  app.post(PATH, { preHandler: admin }, async (request, reply) => {
    const input = parseBody(request.body);
    if (!isObject(input))
      return sendProblem(reply, 400, 'invalid-collection', 'Invalid collection', NOT_OBJECT);
    if ('id' in input)
      return sendProblem(
        reply,
        400,
        'invalid-collection',
        'Invalid collection',
        'POST assigns the id; use PUT /api/v1/taxii/collections/{id} to choose one.',
      );
    return save(reply, input, 201);
  });

  app.put<{ Params: { id: string } }>(
    `${PATH}/:id`,
    { preHandler: admin },
    async (request, reply) => {
      const input = parseBody(request.body);
      if (!isObject(input))
        return sendProblem(reply, 400, 'invalid-collection', 'Invalid collection', NOT_OBJECT);
      return save(reply, { ...input, id: request.params.id }, 200);
    },
  );

  app.delete<{ Params: { id: string } }>(
    `${PATH}/:id`,
    { preHandler: admin },
    async (request, reply) =>
      (await removeCollection(store, request.params.id))
        ? reply.code(204).send()
        : missing(reply, request.params.id),
  );

  async function save(reply: FastifyReply, input: Record<string, unknown>, status: number) {
    try {
      const saved = await saveCollection(store, fromWire(input));
      return reply.code(status).send(presentAdminCollection(saved));
    } catch (error) {
      if (!(error instanceof CollectionError)) throw error;
      const conflict = error.id === 'alias-taken';
      return sendProblem(
        reply,
        conflict ? 409 : 400,
        error.id,
        conflict ? 'Alias taken' : 'Invalid collection',
        error.message,
      );
    }
  }
}

/** Admin wire form of a collection (grants and filter included). */
export function presentAdminCollection(c: TaxiiCollection): Record<string, unknown> {
  const { types, markings, createdBy } = c.filter;
  return {
    id: c.id,
    title: c.title,
    ...(c.alias !== undefined ? { alias: c.alias } : {}),
    ...(c.description !== undefined ? { description: c.description } : {}),
    can_read: c.canRead,
    can_write: c.canWrite,
    filter: {
      ...(types ? { types } : {}),
      ...(markings ? { markings } : {}),
      ...(createdBy ? { created_by: createdBy } : {}),
    },
  };
}

/** Renames the snake_case wire fields to the service's names; everything else is checked there. */
function fromWire(input: Record<string, unknown>): unknown {
  const { can_read, can_write, filter, ...rest } = input;
  const renamed: Record<string, unknown> = { ...rest };
  if (can_read !== undefined) renamed.canRead = can_read;
  if (can_write !== undefined) renamed.canWrite = can_write;
  if (isObject(filter)) {
    const { created_by, ...others } = filter;
    renamed.filter = { ...others, ...(created_by !== undefined ? { createdBy: created_by } : {}) };
  } else if (filter !== undefined) renamed.filter = filter;
  return renamed;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

const NOT_OBJECT = 'Send the collection as a JSON object (application/json).';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
