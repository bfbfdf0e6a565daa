import { uuidV5 } from '../stix/deterministic-id.js';
import type { StixObject } from '../stix/types.js';
import { tlpLevelOf, type TlpLevel } from './tlp.js';

/**
 * Shura's STIX extension definition: trust groups and named recipients as marking-definition
 * objects (STIX 2.1 §7.3 property extension on `marking-definition`), so they travel with the
 * objects they mark. The id is fixed: every Shura node recognises the same definitions.
 */
export const SHURA_MARKING_EXTENSION_ID =
  'extension-definition--24836bc1-04a4-4d29-8dc1-3c4b56219dd5';

/** The identity of the Shura project, creator of {@link SHURA_MARKING_EXTENSION_ID}. */
export const SHURA_PROJECT_IDENTITY_ID = 'identity--b1abeb59-5b2e-43e9-a3c7-6d599184bf56';

/** UUIDv5 namespace of recipients marking ids (same recipients, same id, on every node). */
const RECIPIENTS_NAMESPACE = '6e2df51e-05e5-4754-a890-d878d93badb9';

/** `created` of the fixed objects above and of every recipients marking (content-addressed). */
const FIXED_TIMESTAMP = '2024-01-01T00:00:00.000Z';

/** The Shura project identity object (public). */
export const SHURA_PROJECT_IDENTITY: StixObject = {
  type: 'identity',
  spec_version: '2.1',
  id: SHURA_PROJECT_IDENTITY_ID,
  created: FIXED_TIMESTAMP,
  modified: FIXED_TIMESTAMP,
  name: 'Shura project',
  identity_class: 'organization',
  object_marking_refs: ['marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487'],
};

/** The extension-definition object of {@link SHURA_MARKING_EXTENSION_ID} (public). */
export const SHURA_MARKING_EXTENSION: StixObject = {
  type: 'extension-definition',
  spec_version: '2.1',
  id: SHURA_MARKING_EXTENSION_ID,
  created: FIXED_TIMESTAMP,
  modified: FIXED_TIMESTAMP,
  created_by_ref: SHURA_PROJECT_IDENTITY_ID,
  name: 'Shura sharing markings',
  description:
    'Trust groups and named recipients as marking definitions: who, besides the creator, may see the marked content.',
  schema:
    'A property extension of marking-definition holding exactly one of: "trust_group": {"id": UUID of the group (the marking id is marking-definition--<that UUID>), "name": string, "owner_ref": identity id of the owner organization}; or "recipients": sorted list of identity ids of the recipient organizations (the marking id is a UUIDv5 of that list, so the same recipients give the same id everywhere). With TLP:AMBER or AMBER+STRICT, members of the trust groups and the recipients may see the object; with TLP:RED only the recipients.',
  version: '1.0.0',
  extension_types: ['property-extension'],
  object_marking_refs: ['marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487'],
};

/** What a marking definition means for sharing. */
export type MarkingMeaning =
  | { kind: 'tlp'; level: TlpLevel }
  /** A trust group: its members may see AMBER content marked with it. */
  | { kind: 'group'; groupId: string }
  /** Named recipients (STIX identity ids of organizations). */
  | { kind: 'recipients'; identityIds: readonly string[] }
  /** A statement (copyright, terms of use): says nothing about who may see. */
  | { kind: 'statement' };

/** Looks up what a marking-definition id means; undefined when this node does not know it. */
export type MarkingResolver = (markingId: string) => MarkingMeaning | undefined;

/** Resolves TLP 2.0 and TLP 1.0 ids only (the meaning every node knows without lookups). */
export const resolveTlpOnly: MarkingResolver = (id) => {
  const level = tlpLevelOf(id);
  return level === undefined ? undefined : { kind: 'tlp', level };
};

/** The marking-definition id of a trust group: `marking-definition--<group uuid>`. */
export function groupMarkingId(groupId: string): string {
  return `marking-definition--${groupId}`;
}

/** The marking-definition object of a trust group, created by its owner organization. */
export function trustGroupMarking(group: {
  id: string;
  name: string;
  ownerIdentityId: string;
  created: string;
}): StixObject {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: groupMarkingId(group.id),
    created: group.created,
    created_by_ref: group.ownerIdentityId,
    name: `Shura trust group: ${group.name}`,
    extensions: {
      [SHURA_MARKING_EXTENSION_ID]: {
        extension_type: 'property-extension',
        trust_group: { id: group.id, name: group.name, owner_ref: group.ownerIdentityId },
      },
    },
  };
}

/** The recipients list in canonical form: distinct identity ids, sorted. */
function canonicalRecipients(identityIds: readonly string[]): string[] {
  return [...new Set(identityIds)].sort();
}

/** The marking-definition id naming exactly these recipients (order and repeats ignored). */
export function recipientsMarkingId(identityIds: readonly string[]): string {
  return `marking-definition--${uuidV5(RECIPIENTS_NAMESPACE, canonicalRecipients(identityIds).join(','))}`;
}

/**
 * The marking definition naming recipient organizations (for TLP:RED, or to widen AMBER to
 * named organizations). Content-addressed: no creator, a fixed `created`, and an id derived
 * from the sorted recipients, so any organization can make the same one.
 */
export function recipientsMarking(identityIds: readonly string[]): StixObject {
  const recipients = canonicalRecipients(identityIds);
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: recipientsMarkingId(recipients),
    created: FIXED_TIMESTAMP,
    name: `Shura recipients (${recipients.length})`,
    extensions: {
      [SHURA_MARKING_EXTENSION_ID]: { extension_type: 'property-extension', recipients },
    },
  };
}

/**
 * What a marking-definition object means, or undefined when it is not one this node can use
 * (fail closed: an unknown marking shares with nobody). A trust-group or recipients definition
 * must be well-formed and its id must match its content.
 */
export function interpretMarkingDefinition(object: StixObject): MarkingMeaning | undefined {
  if (object.type !== 'marking-definition') return undefined;
  const tlp = resolveTlpOnly(object.id);
  if (tlp) return tlp;
  const extension = object.extensions?.[SHURA_MARKING_EXTENSION_ID];
  if (extension) {
    const group = extension.trust_group as { id?: unknown } | undefined;
    const recipients = extension.recipients;
    if (group !== undefined && recipients === undefined) {
      if (typeof group.id !== 'string' || object.id !== groupMarkingId(group.id)) return undefined;
      return { kind: 'group', groupId: group.id };
    }
    if (recipients !== undefined && group === undefined) {
      if (!Array.isArray(recipients) || recipients.length === 0) return undefined;
      if (!recipients.every((r) => typeof r === 'string' && r.startsWith('identity--')))
        return undefined;
      const ids = recipients as string[];
      if (object.id !== recipientsMarkingId(ids)) return undefined;
      return { kind: 'recipients', identityIds: canonicalRecipients(ids) };
    }
    return undefined;
  }
  // A plain statement (copyright, terms of use) restricts nobody. Any other extension or
  // definition type is something this node does not understand.
  if (object.definition_type === 'statement' && object.extensions === undefined)
    return { kind: 'statement' };
  return undefined;
}
