import type { FastifyRequest } from 'fastify';
import { IdentityError } from '../../identity/identity-error.js';

/** A JSON object body as a record; anything else is an `invalid` error (400). */
export function jsonBody(request: FastifyRequest): Record<string, unknown> {
  if (typeof request.body !== 'string')
    throw new IdentityError('invalid', 'Send a JSON object (application/json).');
  let value: unknown;
  try {
    value = JSON.parse(request.body);
  } catch {
    throw new IdentityError('invalid', 'The body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new IdentityError('invalid', 'The body must be a JSON object.');
  return value as Record<string, unknown>;
}

/** An optional string field; a present non-string is an `invalid` error. */
export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new IdentityError('invalid', `"${name}" must be a string.`);
  return value;
}

/** A required string field. */
export function requiredString(body: Record<string, unknown>, name: string): string {
  const value = optionalString(body, name);
  if (value === undefined) throw new IdentityError('invalid', `"${name}" is required.`);
  return value;
}

/** An optional list of strings. */
export function optionalStrings(body: Record<string, unknown>, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string') || value.length > 1000)
    throw new IdentityError('invalid', `"${name}" must be a list of strings.`);
  return value;
}

/** Refuses fields a route does not know, so a typo never passes silently. */
export function onlyFields(body: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(body).find((k) => !known.includes(k));
  if (unknown !== undefined)
    throw new IdentityError('invalid', `Unknown field "${unknown}". Known: ${known.join(', ')}.`);
}
