import { parseArgs } from 'node:util';
import {
  AlreadyInitializedError,
  initializeNode,
  type InitializedNode,
} from '../../identity/initialize-node.js';
import { loadDemoObjects } from '../../intel/demo-data.js';
import type { ShuraNode } from '../../main.js';
import { EXIT_OK, EXIT_USAGE, type CliIo, type Command } from '../command.js';
import { openNodeFor } from '../node-context.js';

const usage = `Usage: shura init [options]

Creates the data directory, the node's organization, an admin user and an admin API key
(printed once: store it now), and loads the WannaCry 2017 demo dataset. Refuses to run on a
node that is already initialized, so nothing is ever overwritten.

Options:
  --data <dir>        data directory (env SHURA_HOME; default ./shura-data)
  --org-name <name>   name of the node's organization (default "Demo CERT")
  --no-demo           do not load the demo dataset
  --json              print the organization and the API key as one JSON object
  -h, --help          show this help`;

/** Runs first-start initialization on an opened node and reports it (shared with `serve`). */
export async function initializeAndReport(
  node: ShuraNode,
  io: CliIo,
  options: { orgName: string; demo: boolean; json: boolean },
): Promise<InitializedNode> {
  const result = await initializeNode({
    store: node.store,
    now: node.clock(),
    organizationName: options.orgName,
    ...(options.demo ? { demoObjects: loadDemoObjects() } : {}),
  });
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ organization: result.organization, admin: { id: result.admin.id, name: result.admin.name, role: result.admin.role }, apiKey: result.apiKey, demo: result.demo ?? null })}\n`,
    );
  } else {
    io.stdout.write(
      [
        `Initialized node in ${node.config.databaseUrl ? 'PostgreSQL' : node.config.dataDir}`,
        `  organization: ${result.organization.name} (${result.organization.id})`,
        `  identity:     ${result.organization.identityId}`,
        result.demo
          ? `  demo data:    ${result.demo.stored} objects loaded (WannaCry 2017)`
          : '  demo data:    not loaded',
        '',
        `  Admin API key (shown once, store it now): ${result.apiKey}`,
        '',
      ].join('\n'),
    );
  }
  return result;
}

export const initCommand: Command = {
  name: 'init',
  summary: 'create the data directory, organization, admin key and demo data',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        'org-name': { type: 'string', default: 'Demo CERT' },
        'no-demo': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    const node = await openNodeFor(io, { dataDir: values.data });
    try {
      await initializeAndReport(node, io, {
        orgName: values['org-name'],
        demo: !values['no-demo'],
        json: values.json,
      });
      return EXIT_OK;
    } catch (error) {
      if (error instanceof AlreadyInitializedError) {
        io.stderr.write(`shura init: ${error.message}\n`);
        return EXIT_USAGE;
      }
      throw error;
    } finally {
      await node.close();
    }
  },
};
