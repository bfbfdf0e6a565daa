/**
 * The composition root: the only module that picks a concrete store and clock. Everything
 * else receives them as parameters (DESIGN.md, Layers).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeConfig } from './config.js';
import { buildServer } from './http/server.js';
import { PostgresStore } from './store/postgres/postgres-store.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/store.js';

/** A running node's parts. */
export interface ShuraNode {
  config: NodeConfig;
  store: Store;
  clock: () => Date;
  close(): Promise<void>;
}

/** Opens (and migrates) the node's store: PostgreSQL when configured, else SQLite in the data dir. */
export async function openNode(config: NodeConfig): Promise<ShuraNode> {
  const clock = () => new Date();
  let store: Store;
  if (config.databaseUrl) {
    store = await PostgresStore.connect(config.databaseUrl);
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    store = SqliteStore.open(join(config.dataDir, 'shura.db'));
  }
  await store.migrate();
  return { config, store, clock, close: () => store.close() };
}

/** A listening HTTP server. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the HTTP interface of an opened node. */
export async function startServer(node: ShuraNode): Promise<RunningServer> {
  const app = buildServer({
    store: node.store,
    clock: node.clock,
    maxBodyBytes: node.config.maxBodyBytes,
    maxObjectsPerRequest: node.config.maxObjectsPerRequest,
    unmarked: node.config.unmarked,
    taxiiStatusRetentionMs: node.config.taxiiStatusHours * 60 * 60 * 1000,
    ...(node.config.tls
      ? {
          tls: {
            cert: readFileSync(node.config.tls.certFile),
            key: readFileSync(node.config.tls.keyFile),
          },
        }
      : {}),
  });
  await app.listen({ host: node.config.host, port: node.config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : node.config.port;
  const host = node.config.host.includes(':') ? `[${node.config.host}]` : node.config.host;
  const scheme = node.config.tls ? 'https' : 'http';
  return { url: `${scheme}://${host}:${port}`, close: () => app.close() };
}
