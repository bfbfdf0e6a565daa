import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { UsageError } from './command.js';

/** Reads a file argument, or standard input for `-`. */
export async function readInput(path: string, stdin: Readable): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path}: ${code ?? String(error)}`,
    );
  }
}
