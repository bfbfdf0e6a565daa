import { parseArgs } from 'node:util';
import { queryAuditLog } from '../../audit/audit-log.js';
import { isStixTimestamp } from '../../stix/timestamps.js';
import type { AuditQuery } from '../../store/store.js';
import { EXIT_OK, UsageError, type CliIo, type Command } from '../command.js';
import { withOperator } from '../node-context.js';
import { commaList, printRecords } from './admin-output.js';

const usage = `Usage: shura audit [options]

Prints the audit log, oldest first: writes, exports and reads of AMBER and RED objects,
authentication failures (with the reason; never a secret), and identity and trust-group
changes. The CLI acts as the node operator and sees everything.

Options:
  --action <a,b>     only these actions (e.g. auth.failed, object.read, object.created,
                     object.versioned, object.marked, object.exported, key.issued, key.revoked)
  --object <id>      only events about this STIX object
  --org <id>         only events by this acting organization
  --since <time>     only events at or after this RFC 3339 time
  --limit <n>        at most n events (default 1000)
  --data <dir>, --json, -h/--help`;

export const auditCommand: Command = {
  name: 'audit',
  summary: 'print the audit log',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        action: { type: 'string' },
        object: { type: 'string' },
        org: { type: 'string' },
        since: { type: 'string' },
        limit: { type: 'string', default: '1000' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    const limit = Number(values.limit);
    if (!/^\d+$/.test(values.limit) || limit < 1)
      throw new UsageError('--limit must be a positive integer');
    if (values.since !== undefined && !isStixTimestamp(values.since))
      throw new UsageError(`--since must be an RFC 3339 timestamp, got "${values.since}"`);
    const actions = commaList(values.action);
    const query: Omit<AuditQuery, 'limit'> = {
      ...(actions ? { actions } : {}),
      ...(values.object !== undefined ? { objectId: values.object } : {}),
      ...(values.org !== undefined ? { actorOrganizationId: values.org } : {}),
      ...(values.since !== undefined ? { since: values.since } : {}),
    };
    return withOperator(io, values.data, async (node, { caller }) => {
      const events = [];
      let cursor: string | undefined;
      do {
        const page = await queryAuditLog(node.store, caller, {
          ...query,
          limit: Math.min(1000, limit - events.length),
          ...(cursor ? { cursor } : {}),
        });
        events.push(...page.items);
        cursor = page.next;
      } while (cursor && events.length < limit);
      printRecords(
        io,
        values.json,
        events.map((e) => ({ ...e })),
      );
      return EXIT_OK;
    });
  },
};
