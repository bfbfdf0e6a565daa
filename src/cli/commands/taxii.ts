import { parseArgs } from 'node:util';
import { operatorCaller } from '../../audit/caller.js';
import { TaxiiClient, TaxiiClientError, type Credentials } from '../../federation/taxii-client.js';
import { pullCollection, resetPull } from '../../federation/taxii-pull.js';
import { pushObjects } from '../../federation/taxii-push.js';
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
import { readInput } from '../read-input.js';
import { collectionsUsage, runCollections } from './collections.js';

const usage = `Usage: shura taxii <discover|pull|push|collections> [options]

A TAXII 2.1 client for any TAXII 2.1 server (another Shura node included), and the
configuration of this node's own TAXII collections.

  discover <url>                           the API roots and collections a server offers
  pull <url> --collection <id|alias>       store the objects of a remote collection here;
                                           resumable: a later run carries on where the last
                                           stopped (after a failure too), and fetches only
                                           what was added since
  push <url> --collection <id|alias> <file|->
                                           send STIX objects (bundle, array, object or
                                           NDJSON) in envelopes within the server's
                                           max_content_length; prints per-object failures
  collections <list|show|add|remove>       this node's collections (see below)

<url> is a discovery URL (https://host/taxii2/) or an API root URL.

Credentials for the remote server (prefer the environment: command lines are visible):
  --token <key>        Bearer token, e.g. a Shura API key    (env SHURA_TAXII_TOKEN)
  --user <name>        HTTP Basic user name, with the password (env SHURA_TAXII_PASSWORD,
  --password <pw>      or --password)

Options:
  --data <dir>         data directory (env SHURA_HOME; default ./shura-data)
  --org <id>           pull: local organization owning the pulled copies (default: the node's)
  --limit <n>          pull: objects per page (default 1000); push: objects per envelope
  --reset              pull: forget the saved cursor and start from the beginning
  --retries <n>        tries per request for network errors, 429 and 5xx (default 5)
  --json               print the result as JSON
  -h, --help           show this help

Exit codes: 0 done, 1 some objects were rejected or failed, 2 usage or fatal error (a pull
that fails keeps what it stored; run it again to resume).`;

const OPTIONS = {
  data: { type: 'string' },
  org: { type: 'string' },
  collection: { type: 'string' },
  token: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  limit: { type: 'string' },
  retries: { type: 'string' },
  reset: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

export const taxiiCommand: Command = {
  name: 'taxii',
  summary: 'TAXII 2.1 client (discover, pull, push) and this node’s TAXII collections',
  usage: `${usage}\n\n${collectionsUsage}`,
  async run(args: string[], io: CliIo): Promise<number> {
    const [sub, ...rest] = args;
    if (sub === 'collections') return runCollections(rest, io);
    const { values, positionals } = parseArgs({
      args: rest,
      options: OPTIONS,
      strict: true,
      allowPositionals: true,
    });
    const [url, file, ...extra] = positionals;
    if (url === undefined) throw new UsageError(`${sub ?? 'taxii'} needs a URL`);
    if (extra.length > 0 || (file !== undefined && sub !== 'push'))
      throw new UsageError(`unexpected argument "${extra[0] ?? file}"`);
    const credentials = credentialsOf(values, io.env);
    const client = new TaxiiClient({
      ...(credentials ? { credentials } : {}),
      retry: { attempts: positive(values.retries, 'retries') ?? 5 },
    });
    const options = { values, url, client, io };
    try {
      switch (sub) {
        case 'discover':
          return await discover(options);
        case 'pull':
          return await pull(options);
        case 'push':
          if (file === undefined) throw new UsageError('push takes a file (or - for stdin)');
          return await push(options, file);
        default:
          throw new UsageError(
            sub ? `unknown taxii subcommand "${sub}"` : 'taxii needs a subcommand',
          );
      }
    } catch (error) {
      if (!(error instanceof TaxiiClientError)) throw error;
      io.stderr.write(`shura taxii ${sub}: ${error.message}\n`);
      return EXIT_USAGE;
    }
  },
};

type Values = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};
interface Run {
  values: Values;
  url: string;
  client: TaxiiClient;
  io: CliIo;
}

async function discover({ values, url, client, io }: Run): Promise<number> {
  const resource = await client.discover(url);
  const isApiRoot = Array.isArray((resource as { versions?: unknown }).versions);
  const roots = isApiRoot
    ? [url]
    : (resource.api_roots ?? []).map((r) => new URL(r, url).toString());
  const result = [];
  for (const root of roots) {
    const info = await client.apiRoot(root);
    const collections = await client.collections(root).catch((error: unknown) => {
      if (error instanceof TaxiiClientError && !error.transient) return [];
      throw error;
    });
    result.push({
      url: root,
      title: info.title,
      max_content_length: info.max_content_length,
      collections,
    });
  }
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({ ...(isApiRoot ? {} : { discovery: resource }), api_roots: result })}\n`,
    );
    return EXIT_OK;
  }
  if (!isApiRoot)
    io.stdout.write(`${resource.title} (default API root: ${resource.default ?? 'none'})\n`);
  for (const root of result) {
    io.stdout.write(
      `API root ${root.url}  "${root.title}"  max_content_length=${root.max_content_length}\n`,
    );
    for (const c of root.collections)
      io.stdout.write(
        `  collection ${c.id}${c.alias ? ` (${c.alias})` : ''}  "${c.title}"  read=${c.can_read} write=${c.can_write}\n`,
      );
  }
  return EXIT_OK;
}

async function pull({ values, url, client, io }: Run): Promise<number> {
  if (!values.collection) throw new UsageError('pull needs --collection <id|alias>');
  const apiRoot = await client.resolveApiRoot(url);
  const collection = await client.findCollection(apiRoot, values.collection);
  const node = await openNodeFor(io, { dataDir: values.data });
  let pages = 0;
  try {
    const org = await actingOrganization(node, values.org);
    if (values.reset) await resetPull(node.store, apiRoot, collection.id);
    const report = await pullCollection({
      store: node.store,
      client,
      apiRoot,
      collectionId: collection.id,
      submittedBy: org.id,
      pageSize: positive(values.limit, 'limit') ?? 1000,
      // Pulled objects are third-party content: kept exactly as received (a relay).
      ingest: { relay: true, caller: { ...operatorCaller(org.id), via: 'taxii-pull' } },
      onPage: () => pages++,
    });
    for (const r of report.rejections) io.stderr.write(`rejected ${r.id}: ${r.message}\n`);
    const { stored, unchanged, rejected } = report;
    io.stdout.write(
      values.json
        ? `${JSON.stringify({ collection: collection.id, ...report })}\n`
        : `${stored} stored, ${unchanged} unchanged, ${rejected} rejected (${report.pages} pages from ${collection.id})\n`,
    );
    return rejected > 0 ? EXIT_REJECTED : EXIT_OK;
  } catch (error) {
    if (error instanceof TaxiiClientError)
      throw new TaxiiClientError(
        `${error.message}\n${pages} page(s) were stored before the failure; run the same command again to resume.`,
        error.status,
        error.transient,
      );
    throw error;
  } finally {
    await node.close();
  }
}

async function push({ values, url, client, io }: Run, file: string): Promise<number> {
  if (!values.collection) throw new UsageError('push needs --collection <id|alias>');
  let items;
  try {
    items = parseStixInput(await readInput(file, io.stdin));
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
  const unparsable = items.filter((i) => i.parseError !== undefined);
  for (const item of unparsable) io.stderr.write(`not sent: ${item.parseError}\n`);
  const apiRoot = await client.resolveApiRoot(url);
  const collection = await client.findCollection(apiRoot, values.collection);
  const report = await pushObjects(
    client,
    apiRoot,
    collection.id,
    items.filter((i) => i.parseError === undefined).map((i) => i.value),
    { maxObjects: positive(values.limit, 'limit') ?? 1000 },
  );
  for (const f of report.failures)
    io.stderr.write(`failed ${f.id}${f.version ? ` ${f.version}` : ''}: ${f.message ?? ''}\n`);
  for (const p of report.pendings) io.stderr.write(`still pending ${p.id} ${p.version}\n`);
  const failed = report.failures.length + unparsable.length;
  io.stdout.write(
    values.json
      ? `${JSON.stringify({ collection: collection.id, ...report })}\n`
      : `${report.successes} succeeded, ${failed} failed, ${report.pendings.length} pending (${report.envelopes} envelopes to ${collection.id})\n`,
  );
  return failed > 0 || report.pendings.length > 0 ? EXIT_REJECTED : EXIT_OK;
}

function credentialsOf(values: Values, env: NodeJS.ProcessEnv): Credentials | undefined {
  const token = values.token ?? env.SHURA_TAXII_TOKEN;
  const password = values.password ?? env.SHURA_TAXII_PASSWORD;
  if (values.user !== undefined) {
    if (password === undefined)
      throw new UsageError('--user needs --password or SHURA_TAXII_PASSWORD');
    return { kind: 'basic', username: values.user, password };
  }
  if (token) return { kind: 'bearer', token };
  return undefined;
}

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1)
    throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return Number(value);
}
