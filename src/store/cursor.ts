import { InvalidCursorError } from './store.js';

const PREFIX = 'v1.';

/**
 * Paging cursors are opaque to callers: `v1.` + base64url of the last sequence number seen.
 * Sequence numbers only grow with commit order, so a cursor never skips or repeats a row even
 * when rows are added while a client pages.
 */
export function encodeCursor(lastSeq: number): string {
  return PREFIX + Buffer.from(String(lastSeq), 'utf8').toString('base64url');
}

/** Decodes a cursor; throws {@link InvalidCursorError} for anything this store did not issue. */
export function decodeCursor(cursor: string): number {
  if (!cursor.startsWith(PREFIX) || cursor.length > 40)
    throw new InvalidCursorError('malformed cursor');
  const body = cursor.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw new InvalidCursorError('malformed cursor');
  const text = Buffer.from(body, 'base64url').toString('utf8');
  if (!/^(0|[1-9]\d{0,15})$/.test(text)) throw new InvalidCursorError('malformed cursor');
  const seq = Number(text);
  if (!Number.isSafeInteger(seq)) throw new InvalidCursorError('malformed cursor');
  return seq;
}
