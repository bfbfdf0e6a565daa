import { parseArgs } from 'node:util';
import { addUser, getUser, listUsers, updateUser } from '../../identity/users.js';
import { EXIT_OK, UsageError, type CliIo, type Command } from '../command.js';
import { withOperator } from '../node-context.js';
import { printRecords } from './admin-output.js';

const usage = `Usage: shura user <subcommand> [options]

Manages people (and peer nodes' sync accounts). The CLI acts as the node operator.

Subcommands:
  list [--org <id>]                            users (of one organization)
  show <id>                                    one user
  create --name <name> --role <role> [--org <id>]
                                               roles: admin, org-admin, analyst, read-only, sync
                                               (default organization: the node's own)
  update <id> [--name <name>] [--role <role>] [--disable | --enable]
                                               a disabled user's keys stop working at once

Issue a key for a new user with "shura key issue --user <id>".
Options: --data <dir>, --json, -h/--help.`;

export const userCommand: Command = {
  name: 'user',
  summary: 'manage users and peer accounts (list, show, create, update)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        org: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        disable: { type: 'boolean', default: false },
        enable: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    const [sub, id, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (values.disable && values.enable)
      throw new UsageError('--disable and --enable exclude each other');
    return withOperator(io, values.data, async (node, { organization: home, caller }) => {
      const now = node.clock();
      switch (sub) {
        case 'list':
          printRecords(
            io,
            values.json,
            (await listUsers(node.store, caller, { organizationId: values.org })).map((u) => ({
              ...u,
            })),
          );
          return EXIT_OK;
        case 'show':
          if (id === undefined) throw new UsageError('show needs a user id');
          printRecords(io, values.json, [{ ...(await getUser(node.store, caller, id)) }]);
          return EXIT_OK;
        case 'create': {
          if (values.name === undefined || values.role === undefined)
            throw new UsageError('create needs --name and --role');
          const user = await addUser(
            node.store,
            caller,
            { name: values.name, role: values.role, organizationId: values.org ?? home.id },
            now,
          );
          printRecords(io, values.json, [{ ...user }]);
          return EXIT_OK;
        }
        case 'update': {
          if (id === undefined) throw new UsageError('update needs a user id');
          const user = await updateUser(
            node.store,
            caller,
            id,
            {
              name: values.name,
              role: values.role,
              disabled: values.disable ? true : values.enable ? false : undefined,
            },
            now,
          );
          printRecords(io, values.json, [{ ...user }]);
          return EXIT_OK;
        }
        default:
          throw new UsageError(
            sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`,
          );
      }
    });
  },
};
