import { parseArgs } from 'node:util';
import { homeOrganization } from '../../identity/initialize-node.js';
import { startServer } from '../../main.js';
import { EXIT_OK, type CliIo, type Command } from '../command.js';
import { openNodeFor } from '../node-context.js';
import { initializeAndReport } from './init.js';

const usage = `Usage: shura serve [options]

Serves the node's HTTP API. On first start it initializes the node as "shura init" does
(organization, admin API key printed once, demo data); later starts reuse the data.

Options:
  --data <dir>    data directory (env SHURA_HOME; default ./shura-data)
  --host <addr>   listen address (env SHURA_HOST; default 127.0.0.1)
  --port <n>      listen port (env SHURA_PORT; default 8600; 0 picks a free port)
  -h, --help      show this help`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the HTTP API (initializes the node on first start)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({
      args,
      options: { data: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    const node = await openNodeFor(io, {
      dataDir: values.data,
      host: values.host,
      port: values.port,
    });
    const home = await homeOrganization(node.store);
    if (!home)
      await initializeAndReport(node, io, { orgName: 'Demo CERT', demo: true, json: false });
    else io.stdout.write(`Using existing node data (${home.name}).\n`);
    const server = await startServer(node);
    io.stdout.write(`Shura is listening on ${server.url} (try ${server.url}/healthz)\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    io.stdout.write('Shutting down.\n');
    await server.close();
    await node.close();
    return EXIT_OK;
  },
};
