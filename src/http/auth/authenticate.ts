import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordAuthFailure } from '../../audit/audit-log.js';
import type { Caller } from '../../audit/caller.js';
import { verifyApiKey } from '../../identity/api-keys.js';
import { viewerOf } from '../../identity/viewer-of.js';
import type { Viewer } from '../../policy/viewer.js';
import type { Organization, Store, User } from '../../store/store.js';
import { sendProblem } from '../problem.js';
import type { AuthFailureThrottle } from './failure-throttle.js';

/** The authenticated caller of a request. */
export interface Principal {
  user: User;
  organization: Organization;
  /**
   * What this caller may see: every read path passes exactly this to the store (its tokens
   * include the organization's trust groups, read at each request; a `sync` peer withholds
   * what may not leave this node).
   */
  viewer: Viewer;
  /** Public id of the API key used (for the audit log; never the secret). */
  keyId: string;
}

/** The principal as the services and the audit log name the actor. */
export function callerOf(principal: Principal, via: string): Caller {
  return {
    kind: principal.user.role === 'sync' ? 'peer' : 'user',
    userId: principal.user.id,
    organizationId: principal.organization.id,
    role: principal.user.role,
    keyId: principal.keyId,
    via,
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * The API key a request presents: `Authorization: Bearer <key>`, or HTTP Basic (the TAXII 2.1
 * mandatory scheme, §1.6.9) with the key as the password and any user name.
 */
export function presentedKey(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** What the authentication of a request needs. */
export interface AuthDeps {
  store: Store;
  clock: () => Date;
  /** Throttles sources of failed authentications (one per server); absent: none. */
  authThrottle?: AuthFailureThrottle | undefined;
}

/** A refused authentication: 401, or 429 once its source is throttled (`AuthFailureThrottle`). */
export interface Refusal {
  refused: true;
  /** Set when the source is throttled: answer 429 with this `Retry-After`. */
  retryAfterSeconds?: number | undefined;
}

/**
 * Resolves the caller from the Authorization header. Every refusal is recorded in the audit
 * log with its reason (and the key's public id when the key was well-formed), never with the
 * presented secret, until its source address passes the throttle's limit: then one
 * `auth.throttled` event, and no more until the source's window ends.
 */
export async function authenticate(
  { store, clock, authThrottle }: AuthDeps,
  header: string | undefined,
  context: { via?: string; remoteAddress?: string } = {},
): Promise<Principal | Refusal> {
  const refuse = async (reason: string, keyId?: string): Promise<Refusal> => {
    const at = clock();
    const verdict = authThrottle?.fail(context.remoteAddress ?? '', at.getTime());
    const throttled: Refusal = { refused: true, retryAfterSeconds: verdict?.retryAfterSeconds };
    if (verdict?.action === 'throttled') return throttled;
    // The failure that throttles its source: the one event for the rest of its window.
    const throttles = verdict?.action === 'throttle' ? authThrottle : undefined;
    await recordAuthFailure(store, at, {
      reason: throttles
        ? `more than ${throttles.limit} failed authentications from this address within ${throttles.windowMs / 1000} s; its further failures are answered 429 without an event each for ${throttled.retryAfterSeconds} s (the last: ${reason})`
        : reason,
      keyId,
      via: context.via ?? 'http',
      remoteAddress: context.remoteAddress,
      ...(throttles ? { action: 'auth.throttled' } : {}),
    });
    return throttles ? throttled : { refused: true };
  };
  const key = presentedKey(header);
  if (key === undefined) return refuse(header ? 'unsupported-scheme' : 'missing');
  const check = await verifyApiKey(store, key, clock());
  if (!check.ok) return refuse(check.reason, check.keyId);
  const organization = await store.getOrganization(check.user.organizationId);
  if (!organization) return refuse('no-organization', check.key.id);
  const viewer = await viewerOf(store, check.user, organization);
  return { user: check.user, organization, viewer, keyId: check.key.id };
}

/**
 * A preHandler for `/api/`: requires an API key. Every refusal answers the same 401 problem
 * (the reason is never told to the caller, so keys cannot be probed).
 */
export function requireApiKey(deps: AuthDeps) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const principal = await authenticate(deps, request.headers.authorization, {
      via: 'rest',
      remoteAddress: request.ip,
    });
    if (!('refused' in principal)) {
      request.principal = principal;
      return;
    }
    if (principal.retryAfterSeconds !== undefined) {
      void reply.header('Retry-After', String(principal.retryAfterSeconds));
      return sendProblem(
        reply,
        429,
        'too-many-failures',
        'Too many failed authentications',
        'Too many requests from this address failed to authenticate; try again later.',
      );
    }
    void reply.header('WWW-Authenticate', 'Bearer realm="shura", Basic realm="shura"');
    await sendProblem(
      reply,
      401,
      'unauthenticated',
      'Authentication required',
      'Send a valid API key as "Authorization: Bearer <key>".',
    );
  };
}

/** The principal set by an authentication hook; throws if a route forgot the hook. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route is missing the authentication hook');
  return request.principal;
}
