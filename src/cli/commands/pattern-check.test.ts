import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { EXIT_OK, EXIT_REJECTED, UsageError, type CliIo } from '../command.js';
import { patternCheckCommand } from './pattern-check.js';

/** Runs the command with in-memory streams; resolves to the exit code and the output. */
async function run(args: string[], stdin = '') {
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env: {},
  };
  let stdout = '';
  let stderr = '';
  io.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  io.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  (io.stdin as PassThrough).end(stdin);
  const code = await patternCheckCommand.run(args, io);
  return { code, stdout, stderr };
}

test('shura pattern check :: prints the canonical form, warnings on stderr, exit 0', async () => {
  const { code, stdout, stderr } = await run([
    'check',
    "[ file:hashes.SHA256 = 'ab'  AND file:size>1 ]",
  ]);
  assert.equal(code, EXIT_OK);
  assert.equal(stdout, "[file:hashes.SHA256 = 'ab' AND file:size > 1]\n");
  assert.match(
    stderr,
    /^warning: line 1, column 15: 'SHA256' is not in hash-algorithm-ov \(did you mean 'SHA-256'\?\) \[unknown-hash\]/,
  );
});

test('shura pattern check :: an invalid pattern exits 1 with the line, column, what was expected and a caret', async () => {
  const { code, stdout, stderr } = await run(['check', "[file:name = 'a'\n  AND file:size = ]"]);
  assert.equal(code, EXIT_REJECTED);
  assert.equal(stdout, '');
  assert.equal(
    stderr,
    `error: line 2, column 19: expected a constant, found ']' [syntax]\n    AND file:size = ]\n  ${' '.repeat(18)}^\n`,
  );
});

test('shura pattern check :: reads the pattern from stdin with -', async () => {
  const { code, stdout } = await run(['check', '-'], "[url:value = 'http://x/']\n");
  assert.equal(code, EXIT_OK);
  assert.equal(stdout, "[url:value = 'http://x/']\n");
});

test('shura pattern check :: usage errors', async () => {
  await assert.rejects(run([]), UsageError);
  await assert.rejects(run(['verify', '[a:b = 1]']), /unknown sub-command "verify"/);
  await assert.rejects(run(['check']), /missing the pattern/);
  await assert.rejects(run(['check', '[file:name', "= 'a']"]), /quote it as one argument/);
});
