/**
 * The read audit decides from the version facts the store keeps in columns (migration 6)
 * without parsing bodies; versions stored before have no facts and are decided from their
 * parsed body. Both ways must record exactly the same events: this suite reads random objects
 * back from a real SQLite store and audits them both ways.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { recordObjectAccess } from '../src/audit/audit-log.js';
import type { Caller } from '../src/audit/caller.js';
import { initializeNode } from '../src/identity/initialize-node.js';
import { tlpMarkingIds, strictestTlp, type TlpLevel } from '../src/policy/tlp.js';
import type { StixObject } from '../src/stix/types.js';
import { indicator, isolatedViewer, write } from '../src/store/contract/factories.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { AuditEvent, StoredVersion } from '../src/store/store.js';

const LEVELS = new Set<TlpLevel>(['clear', 'green', 'amber', 'amber+strict', 'red']);
const OTHER_MARKING = 'marking-definition--1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const STRANGER = 'identity--7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910';

/** The same version as the store returned it, minus its facts: a version stored before them. */
function withoutFacts(v: StoredVersion): StoredVersion {
  return {
    seq: v.seq,
    id: v.id,
    type: v.type,
    version: v.version,
    added: v.added,
    specVersion: v.specVersion,
    json: v.json,
    get object() {
      return v.object;
    },
  };
}

describe('read audit: version facts from columns and from parsed bodies agree', () => {
  test('300 random objects (TLP 1.0 and 2.0 ids, other markings, decoy ids in text, creators)', async () => {
    const store = SqliteStore.open(':memory:');
    await store.migrate();
    const home = await initializeNode({
      store,
      now: new Date('2024-05-01T00:00:00Z'),
      organizationName: 'Facts CERT',
    });
    const ids = [...tlpMarkingIds(LEVELS), OTHER_MARKING];
    const creators = [home.organization.identityId, STRANGER, undefined];
    let seed = 11;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const objects: StixObject[] = Array.from({ length: 300 }, (_, n) => {
      const refs = Array.from({ length: random(4) }, () => ids[random(ids.length)]!);
      const creator = creators[random(creators.length)];
      return indicator({
        ...(refs.length > 0 ? { object_marking_refs: refs } : {}),
        ...(creator !== undefined ? { created_by_ref: creator } : {}),
        ...(n % 2 ? { modified: '2024-03-01T00:00:00.123456Z' } : {}),
        description: `decoy ${ids[random(ids.length)]}`,
      });
    });
    const { token, viewer } = isolatedViewer();
    await store.putObjects(objects.map((o) => write(o, [token])));
    const page = await store.queryObjects({ limit: 1000 }, viewer);
    assert.equal(page.items.length, objects.length);
    assert.ok(page.items.every((v) => v.facts !== undefined));

    const caller: Caller = {
      kind: 'user',
      userId: 'u-facts',
      organizationId: home.organization.id,
      role: 'analyst',
      via: 'taxii',
    };
    const at = new Date('2024-05-02T00:00:00Z');
    const recorded = async (versions: StoredVersion[], after: number) => {
      await recordObjectAccess(store, caller, 'object.read', at, versions);
      const events = await store.queryAudit({ actions: ['object.read'], limit: 1000 });
      return events.items.slice(after).map(({ seq: _seq, ...event }): AuditEvent => event);
    };
    const fromColumns = await recorded(page.items, 0);
    const fromBodies = await recorded(page.items.map(withoutFacts), fromColumns.length);
    assert.deepEqual(fromColumns, fromBodies);

    const audited = objects.filter((o) => {
      const level = strictestTlp(o.object_marking_refs ?? []);
      return level === 'amber' || level === 'amber+strict' || level === 'red';
    });
    assert.ok(audited.length > 20 && audited.length < 250, `${audited.length} audited`);
    assert.deepEqual(fromColumns.map((e) => e.objectId).sort(), audited.map((o) => o.id).sort());
    const owned = fromColumns.filter((e) => e.objectOrganizationId === home.organization.id);
    assert.ok(owned.length > 0 && owned.length < fromColumns.length);
    await store.close();
  });
});
