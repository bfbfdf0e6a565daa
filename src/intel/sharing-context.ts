import { interpretMarkingDefinition, type MarkingMeaning } from '../policy/markings.js';
import { tlpLevelOf } from '../policy/tlp.js';
import type { Viewer } from '../policy/viewer.js';
import type { StixObject } from '../stix/types.js';
import type { Store } from '../store/store.js';

const MARKING_UUID =
  /^marking-definition--([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * What the policy needs to know about markings and identities while ingesting: the meaning of
 * each marking id (TLP; a trust group registered on this node; a recipients or statement
 * definition in the same batch or stored and visible to the submitter) and the local
 * organization of an identity id. Looked up once per id per ingest, so a bulk import costs a
 * few queries, not one per object. Anything it cannot resolve is unknown: fail closed.
 */
export class SharingContext {
  private readonly markings = new Map<string, MarkingMeaning | null>();
  private readonly organizations = new Map<string, string | null>();

  constructor(
    private readonly store: Store,
    /** Whose view is used to find stored marking definitions (the submitter's). */
    private readonly viewer: Viewer,
  ) {}

  /** The meaning of a marking id already resolved by {@link prepare}; undefined if unknown. */
  readonly marking = (id: string): MarkingMeaning | undefined => this.markings.get(id) ?? undefined;

  /** The local organization of an identity, resolved by {@link prepare}. */
  readonly organizationOf = (identityId: string): string | undefined =>
    this.organizations.get(identityId) ?? undefined;

  /** Resolves every marking and identity the batch's objects use. */
  async prepare(objects: readonly StixObject[]): Promise<void> {
    const wanted = new Set<string>();
    for (const object of objects) {
      for (const id of object.object_marking_refs ?? []) wanted.add(id);
      for (const g of object.granular_markings ?? [])
        if (typeof g.marking_ref === 'string') wanted.add(g.marking_ref);
      if (object.type === 'marking-definition') wanted.add(object.id);
    }
    const inBatch = new Map(
      objects.filter((o) => o.type === 'marking-definition').map((o) => [o.id, o] as const),
    );
    const fromStore: string[] = [];
    for (const id of wanted) {
      if (this.markings.has(id)) continue;
      const tlp = tlpLevelOf(id);
      if (tlp !== undefined) {
        this.markings.set(id, { kind: 'tlp', level: tlp });
        continue;
      }
      const uuid = MARKING_UUID.exec(id)?.[1];
      if (uuid !== undefined && (await this.store.getTrustGroup(uuid))) {
        this.markings.set(id, { kind: 'group', groupId: uuid });
        continue;
      }
      const definition = inBatch.get(id);
      if (definition) this.markings.set(id, usable(interpretMarkingDefinition(definition)));
      else fromStore.push(id);
    }
    for (let i = 0; i < fromStore.length; i += 500) {
      const ids = fromStore.slice(i, i + 500);
      const page = await this.store.queryObjects(
        { types: ['marking-definition'], ids, limit: ids.length },
        this.viewer,
      );
      for (const version of page.items)
        this.markings.set(version.id, usable(interpretMarkingDefinition(version.object)));
      for (const id of ids) if (!this.markings.has(id)) this.markings.set(id, null);
    }
    const identities = new Set<string>();
    for (const object of objects)
      if (typeof object.created_by_ref === 'string') identities.add(object.created_by_ref);
    for (const meaning of this.markings.values())
      if (meaning?.kind === 'recipients') meaning.identityIds.forEach((id) => identities.add(id));
    for (const identityId of identities) {
      if (this.organizations.has(identityId)) continue;
      const org = await this.store.getOrganizationByIdentity(identityId);
      this.organizations.set(identityId, org?.id ?? null);
    }
  }
}

/**
 * A trust group is only what this node's registry says (checked above by id); a definition
 * claiming to be one that is not registered here is unknown.
 */
function usable(meaning: MarkingMeaning | undefined): MarkingMeaning | null {
  if (meaning === undefined || meaning.kind === 'group') return null;
  return meaning;
}
