import { ConfigError, loadConfig, type ConfigOverrides } from '../config.js';
import { operatorCaller } from '../audit/caller.js';
import type { Caller } from '../audit/caller.js';
import { homeOrganization } from '../identity/initialize-node.js';
import { openNode, type ShuraNode } from '../main.js';
import type { Organization } from '../store/store.js';
import type { CliIo } from './command.js';
import { UsageError } from './command.js';

/** Opens the node named by `--data` / `SHURA_HOME` / `SHURA_DATABASE_URL`. */
export async function openNodeFor(io: CliIo, overrides: ConfigOverrides): Promise<ShuraNode> {
  try {
    return await openNode(loadConfig(io.env, overrides));
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * The organization a CLI command acts for: `--org <id>` or the node's home organization.
 * The CLI is the node operator's tool: it acts with that organization's rights, no more.
 */
export async function actingOrganization(
  node: ShuraNode,
  orgId: string | undefined,
): Promise<Organization> {
  if (orgId !== undefined) {
    const org = await node.store.getOrganization(orgId);
    if (!org) throw new UsageError(`No organization with id ${orgId} on this node.`);
    return org;
  }
  const home = await homeOrganization(node.store);
  if (!home) throw new UsageError('This node is not initialized yet: run "shura init" first.');
  return home;
}

/** The node operator acting through the CLI: the home organization and its audit caller. */
export interface Operator {
  organization: Organization;
  caller: Caller;
}

/**
 * Opens the node, runs `work` as its operator (acting for the home organization, audited as
 * `operator` via `cli`), and closes the node whatever happens. The administration commands
 * (org, user, key, group, audit) are this plus their own sub-commands.
 */
export async function withOperator<T>(
  io: CliIo,
  dataDir: string | undefined,
  work: (node: ShuraNode, operator: Operator) => Promise<T>,
): Promise<T> {
  const node = await openNodeFor(io, { dataDir });
  try {
    const organization = await actingOrganization(node, undefined);
    return await work(node, { organization, caller: operatorCaller(organization.id) });
  } finally {
    await node.close();
  }
}
