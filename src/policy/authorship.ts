import { isScoType } from '../stix/ids.js';
import type { StixObject } from '../stix/types.js';
import {
  interpretMarkingDefinition,
  SHURA_MARKING_EXTENSION_ID,
  type MarkingResolver,
} from './markings.js';
import { tlpLevelOf } from './tlp.js';

/** Who submits content and in which capacity. */
export interface Author {
  /** STIX identity id of the submitting organization (`Organization.identityId`). */
  identityId: string;
  /**
   * `member`: a person of the organization: what they create is in its name.
   * `relay`: the node operator (CLI import) or a peer node: third-party content kept as is.
   */
  mode: 'member' | 'relay';
  /** Trust groups the organization belongs to (only members may mark with a group). */
  groupIds: readonly string[];
}

/** A refusal, with a stable rule id and a message for the submitter. */
export interface Refusal {
  rule: string;
  message: string;
}

export type AuthorshipCheck = { ok: true; object: StixObject } | ({ ok: false } & Refusal);

/**
 * Applies the authorship rule to one object submitted by a member (DESIGN.md invariant 3):
 * the object must be in the name of the author's organization. An absent `created_by_ref` is
 * set to the organization's identity (so "every object a user creates gets created_by_ref =
 * their organization's identity"); another one is refused as `forged-creator`. Objects that
 * have no creator of their own pass unchanged: SCOs (STIX 2.1 §6 gives them no
 * `created_by_ref`) and the shared definitions below. A relay's objects always pass unchanged (their creator is elsewhere).
 */
export function applyAuthorship(
  object: StixObject,
  author: Author,
  resolve?: MarkingResolver,
): AuthorshipCheck {
  if (author.mode === 'relay' || isScoType(object.type) || isSharedDefinition(object, resolve))
    return { ok: true, object };
  const creator = object.created_by_ref;
  if (creator === undefined)
    return { ok: true, object: { ...object, created_by_ref: author.identityId } };
  if (creator === author.identityId) return { ok: true, object };
  return {
    ok: false,
    rule: 'forged-creator',
    message: `"created_by_ref" must be your organization's identity (${author.identityId}): you may not create or version objects in another organization's name.`,
  };
}

/**
 * Definitions a member may pass along without owning them: the TLP ones, Shura's extension,
 * recipients markings, and the definition of a trust group registered on this node (`resolve`
 * says which), so a bundle may carry the definitions of the markings it uses. The store keeps
 * the first copy: a different body under the same id is a version conflict.
 */
function isSharedDefinition(object: StixObject, resolve?: MarkingResolver): boolean {
  if (object.type === 'extension-definition') return object.id === SHURA_MARKING_EXTENSION_ID;
  if (object.type !== 'marking-definition') return false;
  if (tlpLevelOf(object.id) !== undefined) return true;
  if (resolve?.(object.id)?.kind === 'group') return true;
  return interpretMarkingDefinition(object)?.kind === 'recipients';
}

/**
 * Refuses a member's object that uses a trust group its organization does not belong to, in
 * `object_marking_refs` or `granular_markings` (sharing into a group is for its members), and
 * a trust-group definition submitted directly (groups are made through the group service, so
 * their definitions come from there). Relays are not checked: they keep what others marked.
 */
export function checkMarkingUse(
  object: StixObject,
  author: Author,
  resolve: MarkingResolver,
): Refusal | undefined {
  if (author.mode === 'relay') return undefined;
  const used = [
    ...(object.object_marking_refs ?? []),
    ...(object.granular_markings ?? []).flatMap((g) =>
      typeof g.marking_ref === 'string' ? [g.marking_ref] : [],
    ),
  ];
  for (const id of used) {
    const meaning = resolve(id);
    if (meaning?.kind === 'group' && !author.groupIds.includes(meaning.groupId)) {
      return {
        rule: 'not-group-member',
        message: `${id} is a trust group your organization is not a member of; only members may share into it.`,
      };
    }
  }
  return undefined;
}

/**
 * May the author make a new version of an object (STIX 2.1 §3.6: only its creator versions
 * it)? An object without a creator can only be versioned by a relay (its creator is unknown
 * here, so nobody local may claim it). Others cooperate by adding their own objects that
 * reference it (DESIGN.md invariant 3).
 */
export function canVersion(author: Author, existing: { created_by_ref?: string }): boolean {
  if (existing.created_by_ref === undefined) return author.mode === 'relay';
  return existing.created_by_ref === author.identityId;
}
