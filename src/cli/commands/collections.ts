import { parseArgs } from 'node:util';
import {
  CollectionError,
  DEFAULT_COLLECTION,
  findCollection,
  listCollections,
  removeCollection,
  saveCollection,
  type TaxiiCollection,
} from '../../federation/taxii-collections.js';
import { EXIT_OK, UsageError, type CliIo } from '../command.js';
import { openNodeFor } from '../node-context.js';
import { commaList } from './admin-output.js';

export const collectionsUsage = `Usage: shura taxii collections <list|show|add|remove> [options]

This node's TAXII 2.1 collections (served at /taxii2/api1/collections/). While none is
configured, one collection "default" serves every object the caller may see, readable and
writable by every member; once you add one, only the configured ones are served.

  list                      every collection, with its grants and filter
  show <id|alias>           one collection
  add --title T [options]   add a collection (prints it, with its new id)
  remove <id|alias>         remove a collection (the objects stay in the node)

Options of add:
  --id <uuid>               choose the id (default: a new UUID); an existing id is replaced
  --alias <a>               short name usable in URLs instead of the id
  --description <text>
  --read <grants>           who may read: * (every member), role:<role>, org:<id> (comma list;
                            default *)
  --write <grants>          who may add and delete objects (default: nobody); read-only
                            accounts never write
  --types <t,...>           only objects of these STIX types
  --markings <id,...>       only objects carrying one of these marking-definition ids
  --created-by <id,...>     only objects created by these identities
A collection exposes and accepts only objects matching its filter, and only what the policy
gate lets each caller see.

Common options: --data <dir>, --json`;

/** `shura taxii collections ...`: configure the collections of this node's TAXII server. */
export async function runCollections(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
      id: { type: 'string' },
      title: { type: 'string' },
      alias: { type: 'string' },
      description: { type: 'string' },
      read: { type: 'string' },
      write: { type: 'string' },
      types: { type: 'string' },
      markings: { type: 'string' },
      'created-by': { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  const [action, name, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const node = await openNodeFor(io, { dataDir: values.data });
  try {
    const print = (collections: readonly TaxiiCollection[]) => {
      if (values.json) io.stdout.write(`${JSON.stringify(collections)}\n`);
      else for (const c of collections) io.stdout.write(`${describe(c)}\n`);
    };
    switch (action) {
      case 'list':
        print(await listCollections(node.store));
        return EXIT_OK;
      case 'show': {
        const found = name === undefined ? undefined : await findCollection(node.store, name);
        if (!found) throw new UsageError(`no collection "${name ?? ''}"`);
        print([found]);
        return EXIT_OK;
      }
      case 'add': {
        const current = await listCollections(node.store);
        const wasDefault = current.length === 1 && current[0] === DEFAULT_COLLECTION;
        const filter = {
          ...(values.types ? { types: commaList(values.types) } : {}),
          ...(values.markings ? { markings: commaList(values.markings) } : {}),
          ...(values['created-by'] ? { createdBy: commaList(values['created-by']) } : {}),
        };
        const saved = await saveCollection(node.store, {
          ...(values.id ? { id: values.id } : {}),
          title: values.title ?? '',
          ...(values.alias ? { alias: values.alias } : {}),
          ...(values.description ? { description: values.description } : {}),
          canRead: commaList(values.read ?? '*'),
          canWrite: commaList(values.write ?? '') ?? [],
          filter,
        }).catch((error: unknown) => {
          if (error instanceof CollectionError) throw new UsageError(error.message);
          throw error;
        });
        print([saved]);
        if (wasDefault && saved.id !== DEFAULT_COLLECTION.id)
          io.stderr.write(
            'note: with collections configured, the built-in "default" one is no longer served\n',
          );
        return EXIT_OK;
      }
      case 'remove':
        if (name === undefined || !(await removeCollection(node.store, name)))
          throw new UsageError(`no configured collection "${name ?? ''}"`);
        io.stdout.write(`removed ${name}\n`);
        return EXIT_OK;
      default:
        throw new UsageError('collections takes list, show, add or remove');
    }
  } finally {
    await node.close();
  }
}

function describe(c: TaxiiCollection): string {
  const { types, markings, createdBy } = c.filter;
  const filter = [
    types && `types=${types.join(',')}`,
    markings && `markings=${markings.join(',')}`,
    createdBy && `created-by=${createdBy.join(',')}`,
  ].filter(Boolean);
  return [
    c.id,
    c.alias ? `alias=${c.alias}` : undefined,
    `title=${JSON.stringify(c.title)}`,
    `read=${c.canRead.join(',') || '-'}`,
    `write=${c.canWrite.join(',') || '-'}`,
    filter.length > 0 ? filter.join(' ') : 'filter=none',
  ]
    .filter(Boolean)
    .join('  ');
}
