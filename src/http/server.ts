import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { AuditAccessError } from '../audit/audit-log.js';
import { IdentityError } from '../identity/identity-error.js';
import { InputError } from '../intel/input-error.js';
import { ThreadObjectChecker, type ObjectChecker } from '../intel/object-checker.js';
import type { UnmarkedAudience } from '../policy/audience.js';
import { InvalidCursorError, type Store } from '../store/store.js';
import { AuthFailureThrottle } from './auth/failure-throttle.js';
import { sendProblem } from './problem.js';
import { QueryParameterError } from './rest/object-query.js';
import { registerAuditRoutes } from './rest/audit-routes.js';
import { registerGroupRoutes } from './rest/group-routes.js';
import { registerIdentityRoutes } from './rest/identity-routes.js';
import { registerObjectRoutes } from './rest/object-routes.js';
import { registerTaxiiRoutes } from './taxii/taxii-routes.js';

export interface ServerDeps {
  store: Store;
  clock: () => Date;
  /** Largest request body; larger ones get 413 before they are read in full. */
  maxBodyBytes: number;
  maxObjectsPerRequest: number;
  /** Who sees unmarked objects (`SHURA_UNMARKED`); default the owner organization only. */
  unmarked?: UnmarkedAudience | undefined;
  /**
   * Validates large envelopes off the serving thread. Default: a `ThreadObjectChecker` of the
   * server's own, ended when the server closes.
   */
  objectChecker?: ObjectChecker | undefined;
  /** How long a TAXII status resource is kept after its request. Default 7 days. */
  taxiiStatusRetentionMs?: number | undefined;
  /** How often expired TAXII status resources are deleted. Default 10 minutes. */
  taxiiStatusPurgeMs?: number | undefined;
  /**
   * Throttles sources of failed authentications (`auth/failure-throttle.ts`). Default: 20
   * failures per address per minute, then 429 and one `auth.throttled` event.
   */
  authThrottle?: AuthFailureThrottle | undefined;
  /** PEM certificate chain and key: serve HTTPS, TLS 1.2 or later (TAXII 2.1 §8.2.2). */
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
}

/** HTTP status of each identity refusal. */
const IDENTITY_STATUS = { forbidden: 403, 'not-found': 404, invalid: 400, conflict: 409 } as const;
const IDENTITY_TITLE = {
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  invalid: 'Invalid request',
  conflict: 'Conflict',
} as const;

/** Media types whose bodies are handed to routes as text (they parse STIX themselves). */
const TEXT_BODY_TYPES = [
  'application/json',
  'application/stix+json',
  'application/taxii+json',
  'application/x-ndjson',
  'application/ndjson',
];

/** Builds the HTTP interface (not yet listening). */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const options = {
    logger: false,
    bodyLimit: deps.maxBodyBytes,
    routerOptions: { maxParamLength: 500 },
  };
  // Node never accepts TLS 1.3 0-RTT early data on a server (TAXII 2.1 §8.2.2 forbids it).
  const app = (
    deps.tls
      ? Fastify({ ...options, https: { ...deps.tls, minVersion: 'TLSv1.2' } })
      : Fastify(options)
  ) as FastifyInstance;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(TEXT_BODY_TYPES, { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof InputError) {
      const status = error.id === 'too-many-objects' ? 413 : 400;
      return sendProblem(reply, status, error.id, 'Unusable input', error.message);
    }
    if (error instanceof IdentityError) {
      return sendProblem(
        reply,
        IDENTITY_STATUS[error.id],
        error.id,
        IDENTITY_TITLE[error.id],
        error.message,
      );
    }
    if (error instanceof AuditAccessError) {
      return sendProblem(reply, 403, 'forbidden', 'Forbidden', error.message);
    }
    if (error instanceof QueryParameterError) {
      return sendProblem(reply, 400, 'bad-parameter', 'Bad query parameter', error.message, {
        parameter: error.parameter,
      });
    }
    if (error instanceof InvalidCursorError) {
      return sendProblem(
        reply,
        400,
        'invalid-cursor',
        'Invalid paging cursor',
        'The "next" value is not one this server issued; start again without it.',
      );
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(
        reply,
        413,
        'body-too-large',
        'Request body too large',
        `The body exceeds the limit of ${deps.maxBodyBytes} bytes.`,
      );
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.statusCode === 415) {
      return sendProblem(
        reply,
        415,
        'unsupported-media-type',
        'Unsupported media type',
        `Send one of: ${TEXT_BODY_TYPES.join(', ')}.`,
      );
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, error.statusCode, 'bad-request', 'Bad request', error.message);
    }
    // Anything else is our fault: say so without leaking internals.
    console.error('internal error:', error);
    return sendProblem(reply, 500, 'internal', 'Internal server error');
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      404,
      'not-found',
      'Not found',
      `No route ${request.method} ${request.url.split('?')[0]}.`,
    ),
  );

  app.get('/healthz', () => ({ status: 'ok' }));
  // One throttle for every route: a source's failures count together on REST and TAXII.
  const routeDeps = { ...deps, authThrottle: deps.authThrottle ?? new AuthFailureThrottle() };
  registerObjectRoutes(app, routeDeps);
  registerIdentityRoutes(app, routeDeps);
  registerGroupRoutes(app, routeDeps);
  registerAuditRoutes(app, routeDeps);
  let objectChecker = deps.objectChecker;
  if (!objectChecker) {
    const own = new ThreadObjectChecker();
    app.addHook('onClose', () => own.close());
    objectChecker = own;
  }
  registerTaxiiRoutes(app, { ...routeDeps, objectChecker });
  return app;
}
