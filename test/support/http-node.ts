import type { AddressInfo } from 'node:net';
import { initializeNode } from '../../src/identity/initialize-node.js';
import { issueApiKey } from '../../src/identity/api-keys.js';
import { createOrganization, createUser } from '../../src/identity/organizations.js';
import { AuthFailureThrottle } from '../../src/http/auth/failure-throttle.js';
import { buildServer, type ServerDeps } from '../../src/http/server.js';
import { ingest } from '../../src/intel/ingest.js';
import { loadDemoObjects } from '../../src/intel/demo-data.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

/** A node served over real HTTP on loopback, with two organizations and their keys. */
export interface TestNode {
  url: string;
  store: Store;
  /** Key of the home organization's admin (the demo data belongs to it). */
  homeKey: string;
  homeOrgId: string;
  /** Key of an analyst at a second, unrelated member organization. */
  otherKey: string;
  otherOrgId: string;
  close(): Promise<void>;
}

/** Starts a node on 127.0.0.1 with an in-memory SQLite store and the demo data. */
export async function startTestNode(
  /**
   * The server's settings (`ServerDeps`). `clock` defaults to the wall clock; `authThrottle` to
   * a limit no suite reaches, since every test request comes from 127.0.0.1 and many send bad
   * credentials on purpose (the throttle's own suite sets a small one).
   */
  limits: Partial<
    Pick<
      ServerDeps,
      | 'maxBodyBytes'
      | 'maxObjectsPerRequest'
      | 'clock'
      | 'taxiiStatusRetentionMs'
      | 'taxiiStatusPurgeMs'
      | 'authThrottle'
    >
  > = {},
): Promise<TestNode> {
  const store = SqliteStore.open(':memory:');
  await store.migrate();
  const now = new Date();
  const home = await initializeNode({
    store,
    now,
    organizationName: 'Home CERT',
    demoObjects: loadDemoObjects(),
  });
  const other = await createOrganization(store, 'Other Agency', now);
  await ingest([{ index: 0, value: other.identity }], {
    store,
    submittedBy: other.organization.id,
  });
  const analyst = await createUser(store, other.organization.id, 'analyst', 'analyst', now);
  const otherKey = (await issueApiKey(store, analyst.id, now)).secret;
  const app = buildServer({
    store,
    clock: limits.clock ?? (() => new Date()),
    maxBodyBytes: limits.maxBodyBytes ?? 4 * 1024 * 1024,
    maxObjectsPerRequest: limits.maxObjectsPerRequest ?? 10_000,
    taxiiStatusRetentionMs: limits.taxiiStatusRetentionMs,
    taxiiStatusPurgeMs: limits.taxiiStatusPurgeMs,
    authThrottle: limits.authThrottle ?? new AuthFailureThrottle({ limit: 1_000_000 }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    homeKey: home.apiKey,
    homeOrgId: home.organization.id,
    otherKey,
    otherOrgId: other.organization.id,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** fetch with a Bearer key and a JSON body. */
export function call(
  url: string,
  key: string | undefined,
  init: { method?: string; body?: string; contentType?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  return fetch(url, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
}
