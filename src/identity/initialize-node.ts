import type { Organization, Store, User } from '../store/store.js';
import { ingest, type IngestTotals } from '../intel/ingest.js';
import { issueApiKey } from './api-keys.js';
import { createOrganization, createUser } from './organizations.js';
import type { StixObject } from '../stix/types.js';

/** Setting that records the organization `init` created; its presence means "initialized". */
export const HOME_ORGANIZATION_SETTING = 'home-organization';

export interface InitializeOptions {
  store: Store;
  now: Date;
  organizationName: string;
  adminName?: string;
  /** STIX objects loaded after the organization exists (the demo dataset), or none. */
  demoObjects?: readonly unknown[];
}

export interface InitializedNode {
  organization: Organization;
  admin: User;
  /** The admin API key: shown once, never stored in clear. */
  apiKey: string;
  demo?: IngestTotals;
}

/** Raised when `init` runs on a node that already has its organization. */
export class AlreadyInitializedError extends Error {
  readonly id = 'already-initialized';
}

/**
 * First start of a node: creates its organization (with its STIX identity), a node admin, an
 * API key for that admin, and loads the demo objects. Refuses to run twice, so existing data
 * and keys are never overwritten.
 */
export async function initializeNode(options: InitializeOptions): Promise<InitializedNode> {
  const { store, now } = options;
  if ((await store.getSetting(HOME_ORGANIZATION_SETTING)) !== undefined) {
    throw new AlreadyInitializedError(
      'This node is already initialized; its data was left untouched.',
    );
  }
  const { organization, identity } = await createOrganization(store, options.organizationName, now);
  const admin = await createUser(
    store,
    organization.id,
    options.adminName ?? 'admin',
    'admin',
    now,
  );
  const { secret } = await issueApiKey(store, admin.id, now);
  await ingest([{ index: 0, value: identity satisfies StixObject }], {
    store,
    submittedBy: organization.id,
  });
  let demo: IngestTotals | undefined;
  if (options.demoObjects && options.demoObjects.length > 0) {
    const items = options.demoObjects.map((value, index) => ({ index, value }));
    // The demo bundle is third-party content (its own author identity): loaded as a relay.
    demo = (await ingest(items, { store, submittedBy: organization.id, relay: true })).totals;
  }
  await store.setSetting(HOME_ORGANIZATION_SETTING, organization.id);
  return { organization, admin, apiKey: secret, ...(demo ? { demo } : {}) };
}

/** The node's home organization, or undefined before `init`. */
export async function homeOrganization(store: Store): Promise<Organization | undefined> {
  const id = await store.getSetting(HOME_ORGANIZATION_SETTING);
  return id === undefined ? undefined : store.getOrganization(id);
}
