import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply } from 'fastify';
import { InputError } from '../../intel/input-error.js';
import { InvalidCursorError } from '../../store/store.js';
import { TAXII_MEDIA_TYPE } from './media-types.js';

/**
 * A refusal raised by the TAXII interface itself (it carries its HTTP status because it is
 * HTTP-level: a bad parameter, a missing collection). Domain errors are mapped to it by
 * {@link sendTaxiiErrorFor}.
 */
export class TaxiiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly title: string,
    readonly description: string,
    /** Stable id of the kind of error (the resource's `error_code`). */
    readonly code: string,
  ) {
    super(title);
    this.name = 'TaxiiError';
  }
}

/** 400 for a request the server cannot use (a parameter, a token, an envelope). */
export function badRequest(description: string, code = 'bad-request'): TaxiiError {
  return new TaxiiError(400, 'Bad Request', description, code);
}

/**
 * 422: well-formed JSON that is not content this endpoint can process (TAXII 2.1 §5.5 lists
 * 422 for "a malformed body, or other unprocessable content"; 400 stays for a request that
 * cannot be read at all).
 */
export function unprocessable(description: string, code: string): TaxiiError {
  return new TaxiiError(422, 'Unprocessable Content', description, code);
}

/** 404, worded the same whether the resource is missing or hidden from the caller. */
export function notFound(what: string): TaxiiError {
  return new TaxiiError(404, 'Not Found', `No such ${what}.`, 'not-found');
}

/** Sends a TAXII 2.1 §3.6.1 error message resource (`http_status` is a string there). */
export function sendTaxiiError(
  reply: FastifyReply,
  error: TaxiiError,
  extra: { error_id?: string } = {},
): FastifyReply {
  const body = {
    title: error.title,
    description: error.description,
    ...extra,
    error_code: error.code,
    http_status: String(error.httpStatus),
  };
  return reply
    .code(error.httpStatus)
    .header('content-type', TAXII_MEDIA_TYPE)
    .send(Buffer.from(JSON.stringify(body)));
}

/**
 * The one boundary of `/taxii2/`: every error becomes a TAXII error resource with the right
 * status; anything unexpected becomes a bare 500 whose `error_id` matches the server log.
 */
export function sendTaxiiErrorFor(
  error: unknown,
  reply: FastifyReply,
  maxBodyBytes: number,
): FastifyReply {
  if (error instanceof TaxiiError) return sendTaxiiError(reply, error);
  if (error instanceof InputError)
    return sendTaxiiError(
      reply,
      error.id === 'too-many-objects'
        ? new TaxiiError(413, 'Payload Too Large', error.message, error.id)
        : badRequest(error.message, error.id),
    );
  if (error instanceof InvalidCursorError)
    return sendTaxiiError(
      reply,
      badRequest('"next" is not a value this server issued.', 'bad-next'),
    );
  const { code, statusCode } = (error ?? {}) as Partial<FastifyError>;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return sendTaxiiError(
      reply,
      new TaxiiError(
        413,
        'Payload Too Large',
        `The body is larger than max_content_length (${maxBodyBytes} bytes).`,
        'too-large',
      ),
    );
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || statusCode === 415)
    return sendTaxiiError(reply, unsupportedMediaType());
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500)
    return sendTaxiiError(
      reply,
      new TaxiiError(statusCode, 'Bad Request', 'The request is malformed.', 'bad-request'),
    );
  const errorId = randomUUID();
  console.error(`TAXII internal error ${errorId}:`, error);
  return sendTaxiiError(
    reply,
    new TaxiiError(
      500,
      'Internal Server Error',
      'The server failed; nothing was leaked.',
      'internal',
    ),
    { error_id: errorId },
  );
}

/** 415: a body that is not `application/taxii+json;version=2.1` (TAXII 2.1 §1 (media types)). */
export function unsupportedMediaType(): TaxiiError {
  return new TaxiiError(
    415,
    'Unsupported Media Type',
    `Send the envelope as ${TAXII_MEDIA_TYPE}.`,
    'unsupported-media-type',
  );
}
