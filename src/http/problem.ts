import type { FastifyReply } from 'fastify';

/** RFC 9457 problem details, the error body of every `/api/` response. */
export interface ProblemDetails {
  /** A URI reference naming the problem type; ours are `urn:shura:problem:<id>`. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

/** Sends a problem details response with `application/problem+json` (RFC 9457 §3). */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  id: string,
  title: string,
  detail?: string,
  extensions: Record<string, unknown> = {},
): FastifyReply {
  const body: ProblemDetails = {
    type: `urn:shura:problem:${id}`,
    title,
    status,
    ...(detail !== undefined ? { detail } : {}),
    ...extensions,
  };
  return reply.code(status).type('application/problem+json').send(body);
}
