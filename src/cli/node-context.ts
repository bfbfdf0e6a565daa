import { ConfigError, loadConfig, type ConfigOverrides } from '../config.js';
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
