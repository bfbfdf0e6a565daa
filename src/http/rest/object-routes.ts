import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordObjectAccess } from '../../audit/audit-log.js';
import { ingest } from '../../intel/ingest.js';
import type { UnmarkedAudience } from '../../policy/audience.js';
import { writeModeOf } from '../../policy/roles.js';
import { InputError } from '../../intel/input-error.js';
import { parseStixInput } from '../../intel/parse-input.js';
import type { Viewer } from '../../policy/viewer.js';
import { ReadAhead, readKey } from '../../store/read-ahead.js';
import type { ObjectPage, ObjectQuery, Store, StoredVersion } from '../../store/store.js';
import { callerOf, principalOf, requireApiKey, type AuthDeps } from '../auth/authenticate.js';
import { sendProblem } from '../problem.js';
import { parseObjectQuery } from './object-query.js';
import { presentIngestReport, presentObjectPage, presentVersions } from './present.js';

export interface ObjectRoutesDeps extends AuthDeps {
  store: Store;
  clock: () => Date;
  maxObjectsPerRequest: number;
  /** Who sees unmarked objects (node setting); default the owner organization only. */
  unmarked?: UnmarkedAudience | undefined;
}

const ID_SHAPE =
  /^[a-z0-9][a-z0-9-]{0,249}--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `/api/v1/objects` and `/api/v1/bundles`: read and write STIX content through the policy gate. */
/** What fastify sends for a serialized object; set by hand for JSON text we build ourselves. */
const JSON_TYPE = 'application/json; charset=utf-8';

export function registerObjectRoutes(app: FastifyInstance, deps: ObjectRoutesDeps): void {
  const { store } = deps;
  const auth = requireApiKey(deps);

  // A client paging with `next` (or from `added_after`) gets each following page read while it
  // parses the last one (store/read-ahead.ts): kept for the same query and viewer, while
  // nothing changes.
  const readAhead = new ReadAhead<{ query: ObjectQuery; viewer: Viewer }, ObjectPage>(store, {
    key: ({ query, viewer }) => readKey(query, viewer.tokens, viewer.withheld ?? []),
    read: ({ query, viewer }) => store.queryObjects(query, viewer),
    after: ({ query, viewer }, page) =>
      (query.cursor !== undefined || query.addedAfter !== undefined) && page.next !== undefined
        ? { query: { ...query, cursor: page.next }, viewer }
        : undefined,
    weight: ({ query }) => query.limit,
  });
  app.addHook('onClose', () => readAhead.close());

  app.get('/api/v1/objects', { preHandler: auth }, async (request, reply) => {
    const query = parseObjectQuery(request.query as Record<string, string | string[]>);
    const { viewer } = principalOf(request);
    const page = await readAhead.read({ query, viewer });
    await recordReads(request, page.items);
    return reply.type(JSON_TYPE).send(presentObjectPage(page, viewer));
  });

  /** Audits reads of AMBER and RED objects (issue 4, Audit). */
  function recordReads(request: FastifyRequest, versions: readonly StoredVersion[]): Promise<void> {
    const caller = callerOf(principalOf(request), 'rest');
    return recordObjectAccess(store, caller, 'object.read', deps.clock(), versions);
  }

  app.get<{ Params: { id: string }; Querystring: Record<string, string | string[]> }>(
    '/api/v1/objects/:id',
    { preHandler: auth },
    async (request, reply) => {
      const { id } = request.params;
      const extra = Object.keys(request.query).filter((k) => k !== 'version');
      if (extra.length > 0)
        return sendProblem(
          reply,
          400,
          'bad-parameter',
          'Bad query parameter',
          `Unknown query parameter "${extra[0]}". Known: version.`,
        );
      const version = request.query.version ?? 'last';
      if (version !== 'last' && version !== 'all' && version !== 'first') {
        return sendProblem(
          reply,
          400,
          'bad-parameter',
          'Bad query parameter',
          '"version" must be "last", "first" or "all".',
        );
      }
      if (!ID_SHAPE.test(id)) {
        return sendProblem(
          reply,
          400,
          'bad-id',
          'Malformed identifier',
          `"${id.slice(0, 100)}" is not a STIX identifier (<type>--<uuid>).`,
        );
      }
      const { viewer } = principalOf(request);
      const versions = await store.getObject(id, viewer, { kind: version });
      if (versions.length === 0)
        return sendProblem(
          reply,
          404,
          'not-found',
          'Not found',
          `No object ${id} is visible to you.`,
        );
      await recordReads(request, versions);
      return presentVersions(versions, viewer);
    },
  );

  app.post('/api/v1/bundles', { preHandler: auth }, async (request, reply) => {
    const principal = principalOf(request);
    const mode = writeModeOf(principal.user.role);
    if (mode === 'none')
      return sendProblem(
        reply,
        403,
        'forbidden',
        'Forbidden',
        'Your role (read-only) may read but not share objects.',
      );
    if (typeof request.body !== 'string') {
      return sendProblem(
        reply,
        415,
        'unsupported-media-type',
        'Unsupported media type',
        'Send application/json, application/stix+json or application/x-ndjson.',
      );
    }
    const items = parseStixInput(request.body);
    if (items.length > deps.maxObjectsPerRequest) {
      throw new InputError(
        'too-many-objects',
        `The request holds ${items.length} objects; the limit is ${deps.maxObjectsPerRequest} per request.`,
      );
    }
    const report = await ingest(items, {
      store,
      submittedBy: principal.organization.id,
      relay: mode === 'relay',
      caller: callerOf(principal, 'rest'),
      clock: deps.clock,
      ...(deps.unmarked ? { unmarked: deps.unmarked } : {}),
    });
    if (report.totals.rejected > 0) {
      return sendProblem(
        reply,
        422,
        'objects-rejected',
        'Some objects were rejected',
        `${report.totals.rejected} of ${items.length} objects were rejected; the others were processed (see results).`,
        presentIngestReport(report),
      );
    }
    return presentIngestReport(report);
  });
}
