import { redact } from '../policy/redact.js';
import type { Viewer } from '../policy/viewer.js';
import type { StoredVersion } from '../store/store.js';

/**
 * The JSON text of a stored version as this viewer may see it: the stored text itself when no
 * granular marking hides anything from the viewer (nothing parsed, nothing serialized again,
 * bytes exactly as stored), else the redacted object serialized.
 */
export function visibleJson(version: StoredVersion, viewer: Viewer): string {
  if (version.granular === undefined || version.granular.length === 0) return version.json;
  const visible = redact(version.object, version.granular, viewer);
  return visible === version.object ? version.json : JSON.stringify(visible);
}

/**
 * The JSON text of a resource whose `key` member is a list of already-serialized values:
 * `{...members, "<key>": [<values>]}`, the list last. The same text `JSON.stringify` would
 * write for the parsed values, without parsing them.
 */
export function jsonWithList(
  members: Record<string, unknown>,
  key: string,
  values: readonly string[],
): string {
  const head = JSON.stringify(members);
  const list = `${JSON.stringify(key)}:[${values.join(',')}]`;
  return head === '{}' ? `{${list}}` : `${head.slice(0, -1)},${list}}`;
}
