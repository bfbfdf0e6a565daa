import { auditCommand } from './commands/audit.js';
import { exportCommand } from './commands/export.js';
import { groupCommand } from './commands/group.js';
import { importCommand } from './commands/import.js';
import { initCommand } from './commands/init.js';
import { keyCommand } from './commands/key.js';
import { matchCommand } from './commands/match.js';
import { orgCommand } from './commands/org.js';
import { patternCheckCommand } from './commands/pattern-check.js';
import { serveCommand } from './commands/serve.js';
import { taxiiCommand } from './commands/taxii.js';
import { userCommand } from './commands/user.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command } from './command.js';

/** Every `shura` sub-command, in `--help` order. */
export const COMMANDS: readonly Command[] = [
  initCommand,
  serveCommand,
  importCommand,
  exportCommand,
  taxiiCommand,
  patternCheckCommand,
  matchCommand,
  orgCommand,
  userCommand,
  keyCommand,
  groupCommand,
  auditCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: shura <command> [options]',
    '',
    'Shura: share cyber threat intelligence (STIX 2.1, TAXII 2.1, TLP 2.0) across organizations.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "shura <command> --help" for a command\'s options.',
    'Exit codes: 0 success, 1 some objects rejected, 2 usage or fatal error.',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${overview()}\n`);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`shura: unknown command "${name}"\n\n${overview()}\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(`shura ${command.name}: ${(error as Error).message}\n\n${command.usage}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(
      `shura ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT_USAGE;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
