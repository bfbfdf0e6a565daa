import { auditedLevel, objectEvent } from '../audit/audit-log.js';
import type { Caller } from '../audit/caller.js';
import type { Viewer } from '../policy/viewer.js';
import type { StixObject } from '../stix/types.js';
import type { AuditEvent, ObjectWrite, Store } from '../store/store.js';

/** A version the store has just stored, with the local organization that created it. */
export interface StoredItem {
  write: ObjectWrite;
  creatorOrganizationId?: string | undefined;
  /** The stored version's seq (the audit log indexes its events by it). */
  ref: number;
}

/**
 * Audits the writes of a batch: `object.created` or `object.versioned` for each stored version
 * that is AMBER or RED or whose previous version was, and `object.marked` when its markings
 * differ from the previous version's (a downgrade from AMBER to GREEN is recorded too). A
 * version whose `modified` equals `created` is a first version; the others are looked up.
 */
export async function auditWrites(
  store: Store,
  caller: Caller,
  at: Date,
  stored: readonly StoredItem[],
  viewer: Viewer,
): Promise<void> {
  if (stored.length === 0) return;
  const previous = await earlierVersions(
    store,
    stored
      .map((s) => s.write.object)
      .filter((o) => o.modified !== undefined && o.modified !== o.created),
    viewer,
  );
  const events: AuditEvent[] = [];
  for (const { write, creatorOrganizationId, ref } of stored) {
    const object = write.object;
    const prior = latestBefore(previous.get(object.id) ?? [], object);
    if (auditedLevel(object) === undefined && (!prior || auditedLevel(prior) === undefined))
      continue;
    const item = { object, organizationId: creatorOrganizationId ?? write.submittedBy, ref };
    events.push(
      objectEvent(caller, prior ? 'object.versioned' : 'object.created', at, item, {
        markings: object.object_marking_refs ?? [],
      }),
    );
    const before = markingKey(prior);
    if (prior && before !== markingKey(object))
      events.push(
        objectEvent(caller, 'object.marked', at, item, {
          from: prior.object_marking_refs ?? [],
          to: object.object_marking_refs ?? [],
        }),
      );
  }
  if (events.length > 0) await store.appendAudit(events);
}

async function earlierVersions(
  store: Store,
  objects: readonly StixObject[],
  viewer: Viewer,
): Promise<Map<string, StixObject[]>> {
  const byId = new Map<string, StixObject[]>();
  const ids = [...new Set(objects.map((o) => o.id))];
  for (let i = 0; i < ids.length; i += 500) {
    let cursor: string | undefined;
    do {
      const page = await store.queryObjects(
        {
          ids: ids.slice(i, i + 500),
          versions: [{ kind: 'all' }],
          limit: store.capabilities.maxPageSize,
          ...(cursor ? { cursor } : {}),
        },
        viewer,
      );
      for (const v of page.items) byId.set(v.id, [...(byId.get(v.id) ?? []), v.object]);
      cursor = page.next;
    } while (cursor);
  }
  return byId;
}

function latestBefore(versions: readonly StixObject[], object: StixObject): StixObject | undefined {
  if (versions.length === 0) return undefined;
  const at = Date.parse(object.modified ?? '');
  let best: StixObject | undefined;
  for (const v of versions) {
    const t = Date.parse(v.modified ?? '');
    if (t < at && (!best || t > Date.parse(best.modified ?? ''))) best = v;
  }
  return best;
}

function markingKey(object: StixObject | undefined): string {
  return [...new Set(object?.object_marking_refs ?? [])].sort().join(' ');
}
