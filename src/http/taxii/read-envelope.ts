import { textHasSafeStrings } from '../../stix/input-safety.js';
import { InputError } from '../../intel/input-error.js';
import { badRequest, unprocessable, unsupportedMediaType } from './taxii-error.js';

/**
 * The objects of a TAXII 2.1 §3.7 envelope sent to Add Objects (§5.5). A body that is not JSON
 * is a 400; JSON that is not an envelope, or holds no objects, is a 422 naming the problem;
 * more objects than the node takes in one request is a 413. The objects themselves are checked
 * one by one later, each ending as a success or a failure in the status resource;
 * `stringsChecked` tells that check what the text showed (`textHasSafeStrings`).
 */
export function readEnvelope(
  body: unknown,
  maxObjects: number,
): { objects: unknown[]; stringsChecked: boolean } {
  if (typeof body !== 'string') throw unsupportedMediaType();
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch (error) {
    throw badRequest(
      `The body is not valid JSON: ${error instanceof Error ? error.message.slice(0, 200) : 'parse error'}.`,
      'malformed-json',
    );
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope))
    throw unprocessable('The body must be a TAXII envelope: {"objects": [...]}.', 'not-envelope');
  const { objects } = envelope as { objects?: unknown };
  if (objects === undefined)
    throw unprocessable('The envelope has no "objects": nothing to add.', 'no-objects');
  if (!Array.isArray(objects))
    throw unprocessable('The envelope\'s "objects" must be a list.', 'not-envelope');
  if (objects.length === 0)
    throw unprocessable('The envelope\'s "objects" list is empty: nothing to add.', 'no-objects');
  if (objects.length > maxObjects)
    throw new InputError(
      'too-many-objects',
      `The envelope holds ${objects.length} objects; this server takes at most ${maxObjects} per request.`,
    );
  return { objects: objects as unknown[], stringsChecked: textHasSafeStrings(body) };
}
