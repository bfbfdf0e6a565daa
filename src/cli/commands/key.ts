import { parseArgs } from 'node:util';
import { issueKey, listKeys, revokeKey } from '../../identity/keys.js';
import type { ApiKeyRecord } from '../../store/store.js';
import { EXIT_OK, UsageError, type CliIo, type Command } from '../command.js';
import { withOperator } from '../node-context.js';
import { printRecords } from './admin-output.js';

const usage = `Usage: shura key <subcommand> [options]

Issues, lists and revokes API keys. A key is shown once, when issued: store it then. Only a
hash of it is kept. The CLI acts as the node operator.

Subcommands:
  issue --user <id> [--expires <RFC 3339 time>] [--label <text>]
  list --user <id>                  the user's keys (metadata only, never secrets)
  revoke <key id>                   stops the key at once (the id is the 16 hex digits after
                                    "shura_" in the key)

Options: --data <dir>, --json, -h/--help.`;

/** Key metadata for printing: never the hash. */
function describe(key: ApiKeyRecord): Record<string, unknown> {
  return {
    id: key.id,
    user: key.userId,
    label: key.label,
    created: key.created,
    expires: key.expires,
    revoked: key.revoked,
  };
}

export const keyCommand: Command = {
  name: 'key',
  summary: 'issue, list and revoke API keys',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        user: { type: 'string' },
        expires: { type: 'string' },
        label: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    const [sub, id, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    return withOperator(io, values.data, async (node, { caller }) => {
      switch (sub) {
        case 'issue': {
          if (values.user === undefined) throw new UsageError('issue needs --user');
          const issued = await issueKey(
            node.store,
            caller,
            { userId: values.user, expires: values.expires, label: values.label },
            node.clock(),
          );
          if (values.json)
            io.stdout.write(
              `${JSON.stringify({ key: describe(issued.record), secret: issued.secret })}\n`,
            );
          else io.stdout.write(`API key (shown once, store it now): ${issued.secret}\n`);
          return EXIT_OK;
        }
        case 'list':
          if (values.user === undefined) throw new UsageError('list needs --user');
          printRecords(
            io,
            values.json,
            (await listKeys(node.store, caller, { userId: values.user })).map(describe),
          );
          return EXIT_OK;
        case 'revoke':
          if (id === undefined) throw new UsageError('revoke needs a key id');
          printRecords(io, values.json, [
            describe(await revokeKey(node.store, caller, id, node.clock())),
          ]);
          return EXIT_OK;
        default:
          throw new UsageError(
            sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`,
          );
      }
    });
  },
};
