import type { Writable } from 'node:stream';

/**
 * A one-line progress bar redrawn in place, shown only on a TTY (scripts and pipes see
 * nothing). Redraws at most every 100 ms.
 */
export function progressBar(stream: Writable & { isTTY?: boolean }, label: string) {
  let lastDraw = 0;
  const enabled = stream.isTTY === true;
  return {
    update(done: number, total: number): void {
      if (!enabled) return;
      const now = Date.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      const width = 30;
      const ratio = total === 0 ? 1 : done / total;
      const filled = Math.round(ratio * width);
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${done}/${total}`,
      );
    },
    finish(): void {
      if (enabled) stream.write('\n');
    },
  };
}
