import type { Readable, Writable } from 'node:stream';

/** Exit codes shared by every command: 0 success, 1 some objects rejected, 2 usage or fatal. */
export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;

/** The process streams a command uses; tests pass their own. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** One `shura <name>` sub-command. */
export interface Command {
  name: string;
  /** One line for `shura --help`. */
  summary: string;
  /** Full text for `shura <name> --help`. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Raised for bad command-line usage; the CLI prints the message and the usage, exit 2. */
export class UsageError extends Error {
  readonly id = 'usage';
}
