import type { PatternDiagnostic } from '../../pattern/pattern-error.js';
import { validatePattern } from '../../pattern/validate-pattern.js';
import { EXIT_OK, EXIT_REJECTED, UsageError, type CliIo, type Command } from '../command.js';
import { readInput } from '../read-input.js';

const usage = `Usage: shura pattern check '<pattern>'

Parses and validates a STIX 2.1 pattern (STIX 2.1 §9) and prints its canonical form on
standard output, warnings (unknown custom object types, properties, hash names; constants that
can never match) on standard error. An invalid pattern prints the line and column of the
error and what was expected there. Give '-' to read the pattern from standard input.

Exit codes: 0 valid (perhaps with warnings), 1 invalid, 2 usage.

Example:
  shura pattern check "[file:hashes.'SHA-256' = 'aec07064...' AND file:name = 'x.exe']"`;

/** `shura pattern check '<pattern>'`. */
export const patternCheckCommand: Command = {
  name: 'pattern',
  summary: 'check a STIX pattern: canonical form, warnings, errors with line and column',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const [sub, ...rest] = args;
    if (sub !== 'check')
      throw new UsageError(sub === undefined ? 'missing "check"' : `unknown sub-command "${sub}"`);
    if (rest.length !== 1)
      throw new UsageError(
        rest.length === 0
          ? 'missing the pattern'
          : 'expected one pattern: quote it as one argument',
      );
    const source =
      rest[0] === '-' ? (await readInput('-', io.stdin)).replace(/\r?\n$/, '') : rest[0]!;
    const result = validatePattern(source);
    for (const warning of result.warnings) io.stderr.write(describe(source, warning));
    if (!result.valid) {
      for (const error of result.errors) io.stderr.write(describe(source, error));
      return EXIT_REJECTED;
    }
    io.stdout.write(`${result.canonical}\n`);
    return EXIT_OK;
  },
};

/** "error: line 1, column 7: message" and the line with a caret under the column. */
function describe(source: string, d: PatternDiagnostic): string {
  const lines = source.split(/\r\n|\r|\n/);
  const text = [...(lines[d.line - 1] ?? '')];
  const from = Math.max(0, d.column - 1 - 60);
  const shown = text.slice(from, from + 120).join('');
  const caret = ' '.repeat(d.column - 1 - from);
  return `${d.severity}: line ${d.line}, column ${d.column}: ${d.message} [${d.rule}]\n  ${from > 0 ? '...' : ''}${shown}\n  ${from > 0 ? '   ' : ''}${caret}^\n`;
}
