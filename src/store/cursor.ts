import { createHash } from 'node:crypto';
import { InvalidCursorError } from './store.js';

const PREFIX = 'c1.';
/** 8 bytes of sequence number + 4 bytes of check. */
const BYTES = 12;

/**
 * Paging cursors: `c1.` + base64url(last seq seen, 8 bytes big-endian, + a 4-byte check).
 *
 * A page is "rows with seq > cursor, in seq order", and seq only grows with commit order, so a
 * cursor never skips or repeats a row even while rows are being added (see README.md). The
 * check lets the store refuse a cursor that was edited or truncated; it is not a secret:
 * forging one gains nothing, since every read goes through the viewer's audience gate.
 */
export function encodeCursor(lastSeq: number): string {
  const bytes = Buffer.alloc(BYTES);
  bytes.writeBigUInt64BE(BigInt(lastSeq));
  check(bytes.subarray(0, 8)).copy(bytes, 8);
  return PREFIX + bytes.toString('base64url');
}

/** The last seq of a cursor; throws {@link InvalidCursorError} for one this store did not issue. */
export function decodeCursor(cursor: string): number {
  const body = cursor.startsWith(PREFIX) ? cursor.slice(PREFIX.length) : '';
  if (!/^[A-Za-z0-9_-]{16}$/.test(body)) throw new InvalidCursorError('malformed paging cursor');
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length !== BYTES || !check(bytes.subarray(0, 8)).equals(bytes.subarray(8)))
    throw new InvalidCursorError('paging cursor was altered');
  const seq = bytes.readBigUInt64BE();
  if (seq > BigInt(Number.MAX_SAFE_INTEGER))
    throw new InvalidCursorError('paging cursor out of range');
  return Number(seq);
}

function check(seqBytes: Buffer): Buffer {
  return createHash('sha256')
    .update('shura paging cursor\0')
    .update(seqBytes)
    .digest()
    .subarray(0, 4);
}
