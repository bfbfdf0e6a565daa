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
 * The JSON of a resource whose `key` member is a list of already-serialized values, as the
 * UTF-8 bytes sent: `{...members, "<key>": [<values>]}`, the list last. The same text
 * `JSON.stringify` would write for the parsed values, without parsing them. Each value is
 * encoded straight into one buffer of the exact size: joining ~700 KB of text and encoding it
 * afterwards cost four times as much (docs/BENCHMARKS.md).
 */
export function jsonWithList(
  members: Record<string, unknown>,
  key: string,
  values: readonly string[],
): Buffer {
  const head = JSON.stringify(members);
  const open = `${head === '{}' ? '{' : `${head.slice(0, -1)},`}${JSON.stringify(key)}:[`;
  let size = Buffer.byteLength(open) + Math.max(0, values.length - 1) + 2;
  for (const value of values) size += Buffer.byteLength(value);
  const bytes = Buffer.allocUnsafe(size);
  let at = bytes.write(open, 0);
  values.forEach((value, i) => {
    if (i > 0) at = bytes.writeUInt8(COMMA, at);
    at += bytes.write(value, at);
  });
  at = bytes.writeUInt8(CLOSE_LIST, at);
  bytes.writeUInt8(CLOSE_OBJECT, at);
  return bytes;
}

const COMMA = 0x2c;
const CLOSE_LIST = 0x5d;
const CLOSE_OBJECT = 0x7d;
