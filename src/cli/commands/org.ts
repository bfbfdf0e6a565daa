import { parseArgs } from 'node:util';
import { registerOrganization, updateOrganization } from '../../identity/organizations.js';
import { EXIT_OK, UsageError, type CliIo, type Command } from '../command.js';
import { withOperator } from '../node-context.js';
import { commaList, printRecords } from './admin-output.js';

const usage = `Usage: shura org <subcommand> [options]

Manages the organizations of this node (the CLI acts as the node operator, with node-admin
rights; each change is recorded in the audit log).

Subcommands:
  list                                        every organization
  show <id>                                   one organization
  create --name <name> [--country CC] [--sectors s1,s2]
                                              a new organization and its STIX identity
  update <id> [--name <name>] [--country CC] [--sectors s1,s2]
                                              a new version of its identity

Options: --data <dir>, --json (machine-readable output), -h/--help.`;

export const orgCommand: Command = {
  name: 'org',
  summary: 'manage organizations (list, show, create, update)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        name: { type: 'string' },
        country: { type: 'string' },
        sectors: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    const [sub, id, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    return withOperator(io, values.data, async (node, { caller }) => {
      const details = {
        ...(values.country !== undefined ? { country: values.country } : {}),
        ...(values.sectors !== undefined ? { sectors: commaList(values.sectors) } : {}),
      };
      switch (sub) {
        case 'list':
          printRecords(
            io,
            values.json,
            (await node.store.listOrganizations()).map((o) => ({ ...o })),
          );
          return EXIT_OK;
        case 'show': {
          const org = id === undefined ? undefined : await node.store.getOrganization(id);
          if (!org) throw new UsageError(`no organization ${id ?? '(give an id)'}`);
          printRecords(io, values.json, [{ ...org }]);
          return EXIT_OK;
        }
        case 'create': {
          if (values.name === undefined) throw new UsageError('create needs --name');
          const org = await registerOrganization(
            node.store,
            caller,
            { name: values.name, ...details },
            node.clock(),
          );
          printRecords(io, values.json, [{ ...org }]);
          return EXIT_OK;
        }
        case 'update': {
          if (id === undefined) throw new UsageError('update needs an organization id');
          const org = await updateOrganization(
            node.store,
            caller,
            id,
            { name: values.name, ...details },
            node.clock(),
          );
          printRecords(io, values.json, [{ ...org }]);
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
