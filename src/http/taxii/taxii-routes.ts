import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  accessTo,
  findCollection,
  listCollections,
  type TaxiiCollection,
} from '../../federation/taxii-collections.js';
import { findStatus, purgeExpiredStatuses } from '../../federation/taxii-status.js';
import type { ObjectChecker } from '../../intel/object-checker.js';
import type { UnmarkedAudience } from '../../policy/audience.js';
import type { Store } from '../../store/store.js';
import { authenticate, principalOf, type AuthDeps, type Principal } from '../auth/authenticate.js';
import { registerCollectionAdminRoutes } from './collection-admin-routes.js';
import { acceptsTaxii, TAXII_MEDIA_TYPE } from './media-types.js';
import { registerTaxiiObjectRoutes } from './taxii-object-routes.js';
import { presentApiRoot, presentCollection, presentDiscovery } from './taxii-present.js';
import { notFound, sendTaxiiError, sendTaxiiErrorFor, TaxiiError } from './taxii-error.js';

export interface TaxiiDeps extends AuthDeps {
  /** The API root's `max_content_length` (TAXII 2.1 §4.2.1): the node's body limit. */
  maxBodyBytes: number;
  maxObjectsPerRequest: number;
  unmarked?: UnmarkedAudience | undefined;
  /** Validates the objects of large envelopes off the serving thread (Add Objects, §5.5). */
  objectChecker: ObjectChecker;
  /** How long a status resource is kept after its request. Default 7 days (`STATUS_RETENTION_MS`). */
  taxiiStatusRetentionMs?: number | undefined;
  /** How often expired status resources are deleted. Default 10 minutes. */
  taxiiStatusPurgeMs?: number | undefined;
}

const TOO_MANY_FAILURES = new TaxiiError(
  429,
  'Too Many Requests',
  'Too many requests from this address failed to authenticate; try again later.',
  'too-many-failures',
);

/** The one API root, below the discovery URL `/taxii2/`. */
export const API_ROOT = 'api1';

const UNAUTHORIZED = new TaxiiError(
  401,
  'Unauthorized',
  'Authenticate with HTTP Basic (password: an API key) or "Authorization: Bearer <API key>".',
  'unauthorized',
);

/** The caller as collection access needs it. */
export function callerIn(principal: Principal): {
  organizationId: string;
  role: Principal['user']['role'];
} {
  return { organizationId: principal.organization.id, role: principal.user.role };
}

/**
 * The collection named by `:collection` (id or alias) with the caller's access to it. A
 * collection the caller may neither read nor write answers 404 exactly as a missing one (it
 * may not learn that it exists); the routes answer 403 for the missing right.
 */
export async function collectionOf(
  store: Store,
  request: FastifyRequest,
): Promise<{ collection: TaxiiCollection; access: { read: boolean; write: boolean } }> {
  const { collection: name } = request.params as { collection: string };
  const collection = await findCollection(store, name);
  const access = collection && accessTo(collection, callerIn(principalOf(request)));
  if (!collection || !access || (!access.read && !access.write)) throw notFound('collection');
  return { collection, access };
}

/**
 * The TAXII 2.1 server at `/taxii2/` (discovery) with one API root `/taxii2/api1/`, plus the
 * REST administration of its collections (`/api/v1/taxii/collections`). Every TAXII answer,
 * errors included, has the TAXII media type; see `README.md` for the map to the spec.
 */
export function registerTaxiiRoutes(app: FastifyInstance, deps: TaxiiDeps): void {
  registerCollectionAdminRoutes(app, deps);
  purgeStatusesWhileServing(app, deps);
  void app.register(
    (taxii, _options, done) => {
      taxii.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        if (!acceptsTaxii(request.headers.accept))
          return sendTaxiiError(
            reply,
            new TaxiiError(
              406,
              'Not Acceptable',
              `This server answers with ${TAXII_MEDIA_TYPE}; the Accept header excludes it.`,
              'not-acceptable',
            ),
          );
        const principal = await authenticate(deps, request.headers.authorization, {
          via: 'taxii',
          remoteAddress: request.ip,
        });
        if ('refused' in principal) {
          if (principal.retryAfterSeconds !== undefined) {
            void reply.header('Retry-After', String(principal.retryAfterSeconds));
            return sendTaxiiError(reply, TOO_MANY_FAILURES);
          }
          // Every refusal is this same answer, whatever the reason (keys cannot be probed).
          void reply.header('WWW-Authenticate', 'Basic realm="shura", Bearer realm="shura"');
          return sendTaxiiError(reply, UNAUTHORIZED);
        }
        request.principal = principal;
        return undefined;
      });
      taxii.setErrorHandler((error, _request, reply) =>
        sendTaxiiErrorFor(error, reply, deps.maxBodyBytes),
      );
      taxii.setNotFoundHandler((_request, reply) =>
        sendTaxiiError(reply, notFound('TAXII resource')),
      );

      // §4.1 Server Discovery
      taxii.get('/', (request, reply) =>
        send(reply, 200, presentDiscovery(`/taxii2/${API_ROOT}/`)),
      );

      // §4.2 Get API Root Information
      taxii.get(`/${API_ROOT}/`, (_request, reply) =>
        send(reply, 200, presentApiRoot(deps.maxBodyBytes)),
      );

      // §4.3 Get Status: only the organization that made the request may read it.
      taxii.get(`/${API_ROOT}/status/:status/`, async (request, reply) => {
        const { status: id } = request.params as { status: string };
        const status = /^[0-9a-f-]{36}$/.test(id)
          ? await findStatus(deps.store, id, principalOf(request).organization.id, deps.clock())
          : undefined;
        if (!status) throw notFound('status resource');
        return send(reply, 200, status);
      });

      // §5.1 Get Collections: those the caller may read or write.
      taxii.get(`/${API_ROOT}/collections/`, async (request, reply) => {
        const caller = callerIn(principalOf(request));
        const collections = (await listCollections(deps.store))
          .map((c) => ({ c, access: accessTo(c, caller) }))
          .filter(({ access }) => access.read || access.write)
          .map(({ c, access }) => presentCollection(c, access));
        return send(reply, 200, collections.length > 0 ? { collections } : {});
      });

      // §5.2 Get a Collection
      taxii.get(`/${API_ROOT}/collections/:collection/`, async (request, reply) => {
        const { collection, access } = await collectionOf(deps.store, request);
        return send(reply, 200, presentCollection(collection, access));
      });

      registerTaxiiObjectRoutes(taxii, deps);
      done();
    },
    { prefix: '/taxii2' },
  );
}

/**
 * Sends a TAXII resource (or no body) with the TAXII media type, exactly as TAXII 2.1 §1
 * spells it. A string or a Buffer is sent as the JSON already serialized (a Buffer: its UTF-8).
 */
export function send(
  reply: FastifyReply,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): FastifyReply {
  const bytes =
    body === undefined || Buffer.isBuffer(body)
      ? body
      : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return reply
    .code(status)
    .headers({ ...headers, 'content-type': TAXII_MEDIA_TYPE })
    .send(bytes);
}

/** Deletes expired status resources when the server is ready, then every `taxiiStatusPurgeMs`. */
function purgeStatusesWhileServing(app: FastifyInstance, deps: TaxiiDeps): void {
  let timer: NodeJS.Timeout | undefined;
  const purge = () =>
    void purgeExpiredStatuses(deps.store, deps.clock()).catch((error: unknown) =>
      console.error('TAXII: deleting expired status resources failed:', error),
    );
  app.addHook('onReady', (done) => {
    purge();
    timer = setInterval(purge, deps.taxiiStatusPurgeMs ?? 10 * 60 * 1000);
    timer.unref();
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    clearInterval(timer);
    done();
  });
}
