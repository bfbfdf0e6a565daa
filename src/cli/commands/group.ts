import { parseArgs } from 'node:util';
import {
  createTrustGroup,
  getTrustGroup,
  listTrustGroups,
  setGroupMember,
} from '../../identity/trust-groups.js';
import type { TrustGroup } from '../../store/store.js';
import { EXIT_OK, UsageError, type CliIo, type Command } from '../command.js';
import { withOperator } from '../node-context.js';
import { commaList, printRecords } from './admin-output.js';

const usage = `Usage: shura group <subcommand> [options]

Manages trust groups: named communities of organizations. Mark an AMBER object with a group's
marking (marking-definition--<group id>) to share it with the group's members. The CLI acts
as the node operator.

Subcommands:
  list                                     every trust group
  show <id>                                one group and its members
  create --name <name> [--owner <org id>] [--members <org id,...>] [--description <text>]
                                           (default owner: the node's organization)
  add-member <group id> <org id>
  remove-member <group id> <org id>        (the owner stays a member)

Options: --data <dir>, --json, -h/--help.`;

function describe(group: TrustGroup): Record<string, unknown> {
  return { ...group, marking_ref: `marking-definition--${group.id}` };
}

export const groupCommand: Command = {
  name: 'group',
  summary: 'manage trust groups (list, show, create, add-member, remove-member)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        name: { type: 'string' },
        owner: { type: 'string' },
        members: { type: 'string' },
        description: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    const [sub, first, second, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    return withOperator(io, values.data, async (node, { caller }) => {
      const now = node.clock();
      switch (sub) {
        case 'list':
          printRecords(io, values.json, (await listTrustGroups(node.store, caller)).map(describe));
          return EXIT_OK;
        case 'show':
          if (first === undefined) throw new UsageError('show needs a group id');
          printRecords(io, values.json, [describe(await getTrustGroup(node.store, caller, first))]);
          return EXIT_OK;
        case 'create': {
          if (values.name === undefined) throw new UsageError('create needs --name');
          const group = await createTrustGroup(
            node.store,
            caller,
            {
              name: values.name,
              description: values.description,
              ownerOrganizationId: values.owner,
              members: commaList(values.members),
            },
            now,
          );
          printRecords(io, values.json, [describe(group)]);
          return EXIT_OK;
        }
        case 'add-member':
        case 'remove-member': {
          if (first === undefined || second === undefined)
            throw new UsageError(`${sub} needs a group id and an organization id`);
          const group = await setGroupMember(
            node.store,
            caller,
            first,
            second,
            sub === 'add-member',
            now,
          );
          printRecords(io, values.json, [describe(group)]);
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
