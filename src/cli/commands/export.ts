import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { recordObjectAccess } from '../../audit/audit-log.js';
import { operatorCaller } from '../../audit/caller.js';
import { organizationViewer } from '../../identity/viewer-of.js';
import { redact } from '../../policy/redact.js';
import { isStixTimestamp } from '../../stix/timestamps.js';
import type { ObjectQuery } from '../../store/store.js';
import { EXIT_OK, UsageError, type CliIo, type Command } from '../command.js';
import { actingOrganization, openNodeFor } from '../node-context.js';

const usage = `Usage: shura export [options]

Writes a STIX 2.1 bundle of the objects the acting organization may see, to stdout or a file.
By default every stored version of every object is exported, so an export imported into a
fresh node reproduces the same objects.

Options:
  --data <dir>         data directory (env SHURA_HOME; default ./shura-data)
  --org <id>           organization whose view is exported (default: the node's organization)
  --type <t,...>       only these STIX types
  --id <id,...>        only these objects
  --since <time>       only versions added after this RFC 3339 timestamp
  --versions <which>   all (default) or last
  -o, --output <file>  write to a file instead of stdout
  -h, --help           show this help`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'export a STIX 2.1 bundle to stdout or a file',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        org: { type: 'string' },
        type: { type: 'string' },
        id: { type: 'string' },
        since: { type: 'string' },
        versions: { type: 'string', default: 'all' },
        output: { type: 'string', short: 'o' },
      },
      strict: true,
      allowPositionals: false,
    });
    const query: Omit<ObjectQuery, 'limit'> = {
      versions: [{ kind: versionKind(values.versions) }],
    };
    if (values.type) query.types = values.type.split(',');
    if (values.id) query.ids = values.id.split(',');
    if (values.since !== undefined) {
      if (!isStixTimestamp(values.since))
        throw new UsageError(`--since must be an RFC 3339 timestamp, got "${values.since}"`);
      query.addedAfter = values.since;
    }
    const node = await openNodeFor(io, { dataDir: values.data });
    try {
      const org = await actingOrganization(node, values.org);
      const viewer = await organizationViewer(node.store, org.id);
      const out: Writable = values.output ? createWriteStream(values.output) : io.stdout;
      await write(out, `{"type":"bundle","id":"bundle--${randomUUID()}","objects":[`);
      let first = true;
      let cursor: string | undefined;
      do {
        const page = await node.store.queryObjects(
          { ...query, limit: 1000, ...(cursor ? { cursor } : {}) },
          viewer,
        );
        for (const item of page.items) {
          const object = redact(item.object, item.granular, viewer);
          await write(out, `${first ? '\n' : ',\n'}${JSON.stringify(object)}`);
          first = false;
        }
        await recordObjectAccess(
          node.store,
          operatorCaller(org.id),
          'object.exported',
          node.clock(),
          page.items,
        );
        cursor = page.next;
      } while (cursor);
      await write(out, ']}\n');
      if (values.output) {
        out.end();
        await once(out, 'finish');
      }
      return EXIT_OK;
    } finally {
      await node.close();
    }
  },
};

function versionKind(value: string): 'all' | 'last' {
  if (value !== 'all' && value !== 'last')
    throw new UsageError(`--versions must be "all" or "last", got "${value}"`);
  return value;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
