import { parseArgs } from 'node:util';
import { operatorCaller } from '../../audit/caller.js';
import { ingest } from '../../intel/ingest.js';
import { InputError } from '../../intel/input-error.js';
import { parseStixInput } from '../../intel/parse-input.js';
import {
  EXIT_OK,
  EXIT_REJECTED,
  EXIT_USAGE,
  UsageError,
  type CliIo,
  type Command,
} from '../command.js';
import { actingOrganization, openNodeFor } from '../node-context.js';
import { progressBar } from '../progress.js';
import { readInput } from '../read-input.js';

/**
 * Objects per store transaction for a bulk import: larger than the pipeline's default, since
 * nothing waits on a single batch here and random ids make SQLite's cost per row fall with the
 * transaction's size (docs/BENCHMARKS.md: 35k rows/s at 1,000 a transaction, 75k at 10,000).
 */
const IMPORT_BATCH = 10_000;

const usage = `Usage: shura import [options] <file|->

Imports STIX 2.1 content: a bundle, a JSON array of objects, one object, or NDJSON. Each
object is validated and stored as a new version, left unchanged if already stored, or
rejected with the reasons. Exit code 0 when nothing was rejected, 1 when some objects were,
2 for a usage or fatal error.

The CLI is the node operator's tool, so by default it imports as a relay: third-party content
(ATT&CK, a partner's bundle) is kept exactly as received, "created_by_ref" and markings
included; the acting organization owns the local copy (it always sees it). With --as-member
the objects are shared in the acting organization's name instead, as through the API: a
missing "created_by_ref" becomes its identity, another one is refused, and trust-group
markings need membership.

Options:
  --data <dir>        data directory (env SHURA_HOME; default ./shura-data)
  --org <id>          organization submitting the objects (default: the node's organization)
  --as-member         share in the organization's name (see above) instead of relaying
  --unmarked <who>    who sees unmarked objects of this import: owner, community or public
                      (default: the node setting SHURA_UNMARKED, itself owner by default)
  --json              print every per-object result and the totals as JSON
  -h, --help          show this help`;

export const importCommand: Command = {
  name: 'import',
  summary: 'import STIX 2.1 objects from a file or stdin',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        org: { type: 'string' },
        'as-member': { type: 'boolean', default: false },
        unmarked: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length !== 1)
      throw new UsageError('import takes exactly one file (or - for stdin)');
    const unmarked = values.unmarked;
    if (
      unmarked !== undefined &&
      unmarked !== 'owner' &&
      unmarked !== 'community' &&
      unmarked !== 'public'
    )
      throw new UsageError(`--unmarked must be owner, community or public, got "${unmarked}"`);
    const text = await readInput(positionals[0]!, io.stdin);
    let items;
    try {
      items = parseStixInput(text);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      io.stderr.write(`shura import: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const node = await openNodeFor(io, { dataDir: values.data });
    try {
      const org = await actingOrganization(node, values.org);
      const bar = progressBar(io.stderr, 'importing');
      const report = await ingest(items, {
        store: node.store,
        submittedBy: org.id,
        relay: !values['as-member'],
        unmarked: unmarked ?? node.config.unmarked,
        caller: operatorCaller(org.id),
        batchSize: IMPORT_BATCH,
        onProgress: (done, total) => bar.update(done, total),
      });
      bar.finish();
      const { stored, unchanged, rejected } = report.totals;
      if (values.json) {
        io.stdout.write(`${JSON.stringify({ totals: report.totals, results: report.results })}\n`);
      } else {
        for (const r of report.results.filter((x) => x.status === 'rejected')) {
          const what = r.id ?? (r.type ? `a ${r.type}` : `item ${r.index}`);
          for (const e of r.errors ?? [])
            io.stderr.write(`rejected ${what} (#${r.index}) at "${e.pointer}": ${e.message}\n`);
        }
        io.stdout.write(`${stored} stored, ${unchanged} unchanged, ${rejected} rejected\n`);
      }
      return rejected > 0 ? EXIT_REJECTED : EXIT_OK;
    } finally {
      await node.close();
    }
  },
};
