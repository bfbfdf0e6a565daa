/**
 * The policy gate, property-based (issue 4, Proof): random organizations, trust groups,
 * people, peers and objects with random markings (TLP 2.0 and 1.0, trust groups, named
 * recipients, unknown markings, granular markings, a second version with other markings);
 * for every viewer, every read path returns exactly what the DESIGN.md sharing table allows,
 * computed here by an independent oracle that never calls `policy/`.
 *
 * Read paths: Store.queryObjects (paged, as REST and TAXII page), Store.countObjects,
 * Store.getObject (latest and all versions), the CLI export query (all versions, large pages),
 * REST list and get (with granular redaction), and TAXII objects, manifest, get and versions.
 *
 * SQLite (in memory): POLICY_RUNS scenarios (default 10,000). PostgreSQL too when
 * SHURA_TEST_PG is set: POLICY_PG_RUNS scenarios (default 200).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { issueApiKey } from '../src/identity/api-keys.js';
import { buildServer } from '../src/http/server.js';
import { ingest } from '../src/intel/ingest.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';

// ---- Marking ids, written out here (not taken from policy/) --------------------------------
const TLP: Record<string, { id: string; level: Level }> = {
  clear: { id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', level: 'clear' },
  green: { id: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', level: 'green' },
  amber: { id: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', level: 'amber' },
  'amber+strict': {
    id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
    level: 'amber+strict',
  },
  red: { id: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', level: 'red' },
  white1: { id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', level: 'clear' },
  green1: { id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', level: 'green' },
  amber1: { id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', level: 'amber' },
  red1: { id: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', level: 'red' },
};
type Level = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';
const RANK: Record<Level, number> = { clear: 0, green: 1, amber: 2, 'amber+strict': 3, red: 4 };
const UNKNOWN_MARKING = 'marking-definition--0badc0de-0000-4000-8000-000000000000';
const EXTENSION = 'extension-definition--24836bc1-04a4-4d29-8dc1-3c4b56219dd5';

// ---- Scenarios ------------------------------------------------------------------------------
/** A set of markings: TLP choices, trust groups (by index), recipients (org indices) or none. */
interface Marks {
  tlp: string[];
  groups: number[];
  recipients: number[] | null;
  unknown: boolean;
}
interface ObjectSpec {
  creator: number;
  versions: { marks: Marks; granular: Marks | null }[];
}
interface Scenario {
  orgs: number;
  groups: { owner: number; members: number[] }[];
  unmarked: 'owner' | 'community' | 'public';
  objects: ObjectSpec[];
}

const ORG_MAX = 4;
const marksArb = fc.record({
  tlp: fc.subarray(Object.keys(TLP), { maxLength: 2 }),
  groups: fc.uniqueArray(fc.nat(2), { maxLength: 2 }),
  recipients: fc.option(fc.uniqueArray(fc.nat(ORG_MAX - 1), { minLength: 1, maxLength: 3 }), {
    freq: 3,
  }),
  unknown: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
});
const isEmpty = (m: Marks) =>
  m.tlp.length === 0 && m.groups.length === 0 && m.recipients === null && !m.unknown;
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    orgs: fc.integer({ min: 2, max: ORG_MAX }),
    groups: fc.array(
      fc.record({
        owner: fc.nat(ORG_MAX - 1),
        members: fc.uniqueArray(fc.nat(ORG_MAX - 1), { maxLength: ORG_MAX }),
      }),
      { maxLength: 3 },
    ),
    unmarked: fc.constantFrom('owner' as const, 'community' as const, 'public' as const),
    objects: fc.array(
      fc.record({
        creator: fc.nat(ORG_MAX - 1),
        versions: fc.array(
          fc.record({ marks: marksArb, granular: fc.option(marksArb, { freq: 3 }) }),
          { minLength: 1, maxLength: 2 },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map((s) => {
    // Clamp indices to the organizations and groups that exist.
    const org = (i: number) => i % s.orgs;
    const groups = s.groups.map((g) => ({
      owner: org(g.owner),
      members: [...new Set([org(g.owner), ...g.members.map(org)])],
    }));
    const marks = (m: Marks): Marks => ({
      tlp: m.tlp,
      groups: groups.length ? [...new Set(m.groups.map((g) => g % groups.length))] : [],
      recipients: m.recipients && [...new Set(m.recipients.map(org))],
      unknown: m.unknown,
    });
    return {
      orgs: s.orgs,
      groups,
      unmarked: s.unmarked,
      objects: s.objects.map((o) => ({
        creator: org(o.creator),
        versions: o.versions.map((v) => ({
          marks: marks(v.marks),
          granular: v.granular && !isEmpty(marks(v.granular)) ? marks(v.granular) : null,
        })),
      })),
    };
  });

// ---- The oracle: DESIGN.md "Sharing semantics" with Shura's documented refinements ---------
interface Who {
  org: number;
  /** A peer node's sync account for this organization (sees only what may leave the node). */
  peer: boolean;
}

/** Whether `who` may see content carrying `marks` created by `creator` (README, Sharing rules). */
function oracle(s: Scenario, creator: number, marks: Marks, who: Who | 'outsider'): boolean {
  const level = marks.tlp
    .map((t) => TLP[t]!.level)
    .reduce<Level | undefined>((a, b) => (a === undefined || RANK[b] > RANK[a] ? b : a), undefined);
  const inGroups = (org: number) => marks.groups.some((g) => s.groups[g]!.members.includes(org));
  const recipient = (org: number) => marks.recipients?.includes(org) ?? false;
  const named = marks.groups.length > 0 || marks.recipients !== null;
  // [may see (by organization), may leave this node]
  let sees: (org: number | 'outsider') => boolean;
  let leaves = true;
  if (marks.unknown) {
    sees = () => false;
    leaves = false;
  } else if (level === undefined && !named) {
    if (s.unmarked === 'owner') {
      sees = () => false;
      leaves = false;
    } else if (s.unmarked === 'community') sees = (o) => o !== 'outsider';
    else sees = () => true;
  } else if (level === 'red') {
    sees = (o) => o !== 'outsider' && recipient(o);
  } else if (level === 'amber' || level === 'amber+strict' || named) {
    sees = (o) => o !== 'outsider' && (inGroups(o) || recipient(o));
  } else if (level === 'green') {
    sees = (o) => o !== 'outsider';
  } else {
    sees = () => true;
  }
  if (who === 'outsider') return sees('outsider');
  const visible = who.org === creator || sees(who.org);
  return who.peer ? visible && leaves : visible;
}

/** A version is stored unless it marks with a trust group its creator does not belong to. */
function accepted(s: Scenario, creator: number, marks: Marks, granular: Marks | null): boolean {
  return [marks, ...(granular ? [granular] : [])].every((m) =>
    m.groups.every((g) => s.groups[g]!.members.includes(creator)),
  );
}

// ---- Building a scenario in a store ----------------------------------------------------------
interface Built {
  since: string;
  orgIds: string[];
  /** Per organization: a person's key and a peer's key. */
  keys: { person: string; peer: string }[];
  /** Expected per viewer: visible (id|version) pairs, latest visible ids, description visible. */
  versions: {
    id: string;
    version: string;
    creator: number;
    marks: Marks;
    granular: Marks | null;
    latest: boolean;
  }[];
}

async function buildScenario(
  store: Store,
  s: Scenario,
  clock: () => Date,
  http: boolean,
): Promise<Built> {
  const now = clock();
  const since = new Date(now.getTime() - 1).toISOString();
  const orgIds: string[] = [];
  const identityIds: string[] = [];
  const keys: Built['keys'] = [];
  for (let i = 0; i < s.orgs; i++) {
    const id = randomUUID();
    const identityId = `identity--${randomUUID()}`;
    await store.createOrganization({
      id,
      name: `org ${i}`,
      identityId,
      created: now.toISOString(),
    });
    orgIds.push(id);
    identityIds.push(identityId);
    if (!http) continue; // People and keys are only needed to read over HTTP.
    const person = randomUUID();
    const peer = randomUUID();
    await store.createUser({
      id: person,
      organizationId: id,
      name: 'analyst',
      role: 'analyst',
      created: now.toISOString(),
    });
    await store.createUser({
      id: peer,
      organizationId: id,
      name: 'peer',
      role: 'sync',
      created: now.toISOString(),
    });
    keys.push({
      person: (await issueApiKey(store, person, now)).secret,
      peer: (await issueApiKey(store, peer, now)).secret,
    });
  }
  const groupIds: string[] = [];
  for (const g of s.groups) {
    const id = randomUUID();
    groupIds.push(id);
    await store.createTrustGroup({
      id,
      name: 'group',
      ownerOrganizationId: orgIds[g.owner]!,
      created: now.toISOString(),
      members: g.members.map((m) => orgIds[m]!),
    });
  }
  const recipientsDefinition = (orgs: number[]) => {
    const recipients = orgs.map((o) => identityIds[o]!).sort();
    return {
      type: 'marking-definition',
      spec_version: '2.1',
      id: recipientsId(recipients),
      created: '2024-01-01T00:00:00.000Z',
      name: `Shura recipients (${recipients.length})`,
      extensions: { [EXTENSION]: { extension_type: 'property-extension', recipients } },
    };
  };
  const markingIds = (m: Marks) => [
    ...m.tlp.map((t) => TLP[t]!.id),
    ...m.groups.map((g) => `marking-definition--${groupIds[g]}`),
    ...(m.recipients ? [recipientsDefinition(m.recipients).id] : []),
    ...(m.unknown ? [UNKNOWN_MARKING] : []),
  ];
  const versions: Built['versions'] = [];
  const itemsBy = new Map<number, unknown[]>();
  for (const spec of s.objects) {
    const id = `indicator--${randomUUID()}`;
    const items = itemsBy.get(spec.creator) ?? [];
    itemsBy.set(spec.creator, items);
    spec.versions.forEach((v, n) => {
      const modified = `2024-0${n + 1}-01T00:00:00.000Z`;
      for (const m of [v.marks, ...(v.granular ? [v.granular] : [])])
        if (m.recipients) items.push(recipientsDefinition(m.recipients));
      const markings = markingIds(v.marks);
      items.push({
        type: 'indicator',
        spec_version: '2.1',
        id,
        created: '2024-01-01T00:00:00.000Z',
        modified,
        name: `version ${n + 1}`,
        description: 'restricted detail',
        pattern: "[domain-name:value = 'example.org']",
        pattern_type: 'stix',
        valid_from: '2024-01-01T00:00:00Z',
        ...(markings.length ? { object_marking_refs: markings } : {}),
        ...(v.granular
          ? {
              granular_markings: markingIds(v.granular).map((marking_ref) => ({
                marking_ref,
                selectors: ['description'],
              })),
            }
          : {}),
      });
      if (accepted(s, spec.creator, v.marks, v.granular))
        versions.push({
          id,
          version: modified,
          creator: spec.creator,
          marks: v.marks,
          granular: v.granular,
          latest: false,
        });
    });
    const stored = versions.filter((v) => v.id === id);
    if (stored.length) stored[stored.length - 1]!.latest = true;
  }
  // One ingest per creator, as a person of that organization shares a bundle.
  for (const [creator, items] of itemsBy) {
    const report = await ingest(
      items.map((value, index) => ({ index, value })),
      { store, submittedBy: orgIds[creator]!, unmarked: s.unmarked, clock },
    );
    const storedHere = report.results.filter(
      (r) => r.type === 'indicator' && r.status === 'stored',
    );
    assert.equal(
      storedHere.length,
      versions.filter((v) => v.creator === creator).length,
      JSON.stringify(report.results),
    );
    assert.ok(
      report.results.every(
        (r) => r.status !== 'rejected' || r.errors?.[0]?.rule === 'not-group-member',
      ),
      JSON.stringify(report.results),
    );
  }
  return { since, orgIds, keys, versions };
}

/** Recipients marking id: UUIDv5 of the sorted identity ids (README, Sharing rules). */
function recipientsId(sortedIdentities: string[]): string {
  // Same construction as RFC 4122 §4.3, written out so the oracle does not call policy/.
  const ns = Buffer.from('6e2df51e05e54754a890d878d93badb9', 'hex');
  const hash = createHash('sha1').update(ns).update(sortedIdentities.join(','), 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `marking-definition--${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

// ---- Checking every read path ---------------------------------------------------------------
const TAXII_ACCEPT = 'application/taxii+json;version=2.1';
const key = (v: { id: string; version: string }) => `${v.id}|${v.version}`;
const sorted = (xs: Iterable<string>) => [...xs].sort();

async function checkScenario(
  store: Store,
  http: FastifyInstance | undefined,
  s: Scenario,
  built: Built,
  taxii: boolean,
): Promise<void> {
  const query = {
    types: ['indicator'],
    addedAfter: built.since,
    versions: [{ kind: 'all' as const }],
  };
  const viewers: (Who | 'outsider')[] = ['outsider'];
  for (let org = 0; org < s.orgs; org++) viewers.push({ org, peer: false }, { org, peer: true });
  const ids = [...new Set(built.versions.map((v) => v.id))];
  for (const who of viewers) {
    const label = who === 'outsider' ? 'outsider' : `org ${who.org}${who.peer ? ' (peer)' : ''}`;
    const visible = built.versions.filter((v) => oracle(s, v.creator, v.marks, who));
    const want = sorted(visible.map(key));
    const wantLatest = sorted(visible.filter((v) => v.latest).map((v) => v.id));
    const viewer = who === 'outsider' ? { tokens: ['public'] } : await viewerFor(store, built, who);
    // Store: paged query (page size 2 exercises cursors), count, get, and the CLI export query.
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.queryObjects(
        { ...query, limit: 3, ...(cursor ? { cursor } : {}) },
        viewer,
      );
      paged.push(...page.items.map(key));
      cursor = page.next;
    } while (cursor);
    assert.deepEqual(sorted(paged), want, `${label}: Store.queryObjects`);
    assert.equal(paged.length, new Set(paged).size, `${label}: no version twice across pages`);
    assert.equal(
      await store.countObjects(query, viewer),
      want.length,
      `${label}: Store.countObjects`,
    );
    for (const id of ids) {
      const latest = await store.getObject(id, viewer);
      assert.deepEqual(
        latest.map((v) => v.id),
        wantLatest.includes(id) ? [id] : [],
        `${label}: getObject ${id}`,
      );
    }
    const one = ids[0]!;
    const all = await store.getObject(one, viewer, { kind: 'all' });
    assert.deepEqual(
      sorted(all.map(key)),
      want.filter((k) => k.startsWith(`${one}|`)),
      `${label}: getObject all ${one}`,
    );
    if (who === 'outsider' || !http) continue;
    const app = http;
    // The CLI export: every visible version, in pages of 1,000 (export.ts).
    const exported = await store.queryObjects({ ...query, limit: 1000 }, viewer);
    assert.deepEqual(sorted(exported.items.map(key)), want, `${label}: export query`);
    const bearer = {
      authorization: `Bearer ${who.peer ? built.keys[who.org]!.peer : built.keys[who.org]!.person}`,
    };
    // REST list and get, with granular redaction.
    const list = await app.inject({
      method: 'GET',
      url: `/api/v1/objects?type=indicator&version=all&limit=1000&added_after=${built.since}`,
      headers: bearer,
    });
    assert.equal(list.statusCode, 200, list.body);
    const listed = list.json<{
      objects: { id: string; modified: string; description?: string }[];
    }>().objects;
    assert.deepEqual(
      sorted(listed.map((o) => `${o.id}|${o.modified}`)),
      want,
      `${label}: REST list`,
    );
    for (const o of listed) {
      const v = built.versions.find((x) => x.id === o.id && x.version === o.modified)!;
      const seesDescription: boolean =
        !v.granular || oracle(s, v.creator, propertyMarks(v.marks, v.granular), who);
      assert.equal(
        o.description !== undefined,
        seesDescription,
        `${label}: REST redaction of ${o.id}`,
      );
    }
    for (const id of ids) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/objects/${id}`,
        headers: bearer,
      });
      if (wantLatest.includes(id)) assert.equal(res.statusCode, 200, `${label}: REST get ${id}`);
      else {
        const missingId = `indicator--${randomUUID()}`;
        const missing = await app.inject({
          method: 'GET',
          url: `/api/v1/objects/${missingId}`,
          headers: bearer,
        });
        assert.equal(res.statusCode, 404, `${label}: REST get ${id}`);
        assert.equal(
          res.body.replace(id, 'ID'),
          missing.body.replace(missingId, 'ID'),
          `${label}: same 404 as a missing id`,
        );
      }
    }
    if (!taxii) continue;
    // TAXII 2.1 objects, manifest, get and versions.
    const headers = { ...bearer, accept: TAXII_ACCEPT };
    const base = '/taxii2/api1/collections/default';
    const objects = await app.inject({
      method: 'GET',
      url: `${base}/objects/?match[type]=indicator&match[version]=all&added_after=${built.since}`,
      headers,
    });
    assert.deepEqual(
      sorted(
        (objects.json<{ objects?: { id: string; modified: string }[] }>().objects ?? []).map(
          (o) => `${o.id}|${o.modified}`,
        ),
      ),
      want,
      `${label}: TAXII objects`,
    );
    const manifest = await app.inject({
      method: 'GET',
      url: `${base}/manifest/?match[type]=indicator&match[version]=all&added_after=${built.since}`,
      headers,
    });
    assert.deepEqual(
      sorted(
        (manifest.json<{ objects?: { id: string; version: string }[] }>().objects ?? []).map(
          (o) => `${o.id}|${o.version}`,
        ),
      ),
      want,
      `${label}: TAXII manifest`,
    );
    for (const id of ids) {
      // §5.6: 404 when no version is visible; else the visible latest version, if any.
      const one = await app.inject({ method: 'GET', url: `${base}/objects/${id}/`, headers });
      const anyVersion = want.some((k) => k.startsWith(`${id}|`));
      assert.equal(one.statusCode, anyVersion ? 200 : 404, `${label}: TAXII get ${id}`);
      const got =
        one.statusCode === 200 ? (one.json<{ objects?: { id: string }[] }>().objects ?? []) : [];
      assert.deepEqual(
        got.map((o) => o.id),
        wantLatest.includes(id) ? [id] : [],
        `${label}: TAXII get ${id}`,
      );
      const versions = await app.inject({
        method: 'GET',
        url: `${base}/objects/${id}/versions/`,
        headers,
      });
      const listedVersions =
        versions.statusCode === 200
          ? (versions.json<{ versions?: string[] }>().versions ?? [])
          : [];
      assert.deepEqual(
        sorted(listedVersions.map((v) => `${id}|${v}`)),
        want.filter((k) => k.startsWith(`${id}|`)),
        `${label}: TAXII versions ${id}`,
      );
    }
  }
}

/**
 * The markings on a property (README, Sharing rules): the object's and the granular ones add
 * up, except that groups or recipients named at the property replace the object's.
 */
function propertyMarks(object: Marks, granular: Marks): Marks {
  const narrows = granular.groups.length > 0 || granular.recipients !== null;
  return {
    tlp: [...object.tlp, ...granular.tlp],
    groups: narrows ? granular.groups : object.groups,
    recipients: narrows ? granular.recipients : object.recipients,
    unknown: object.unknown || granular.unknown,
  };
}

/** The viewer a person or a peer of `who.org` gets (as authentication builds it). */
async function viewerFor(store: Store, built: Built, who: Who) {
  const org = built.orgIds[who.org]!;
  const groups = (await store.groupIdsOf(org)).map((g) => `group:${g}`);
  const tokens = ['public', 'community', `org:${org}`, ...groups];
  return who.peer ? { tokens, withheld: ['no-forward'] } : { tokens };
}

// ---- Runs ------------------------------------------------------------------------------------
/**
 * Every scenario checks every viewer on the store's read methods (the gate every interface
 * reads through); every HTTP_EVERY-th also over HTTP, for every viewer: REST list and get
 * (with redaction), the CLI export query, and TAXII objects, manifest, get and versions.
 * Default 25: of 10,000 scenarios, 400 also go end to end.
 */
const HTTP_EVERY = Number(process.env.POLICY_HTTP_EVERY ?? 25);

/** The one clock of a run: the store's `added` and the scenarios' timestamps. */
const time = { now: Date.parse('2030-01-01T00:00:00.000Z') };
const clock = () => new Date(time.now);

/**
 * Runs the property on fresh stores of `perStore` scenarios each (scenarios never share
 * organizations, so a growing store only slows the run down; it cannot change an answer).
 */
async function run(open: () => Promise<Store>, runs: number, perStore: number): Promise<void> {
  let current: { store: Store; app: FastifyInstance; taxii: boolean; used: number } | undefined;
  const next = async () => {
    if (current) {
      await current.app.close();
      await current.store.close();
    }
    const store = await open();
    const app = buildServer({ store, clock, maxBodyBytes: 1 << 20, maxObjectsPerRequest: 1000 });
    await app.ready();
    const taxii = app.hasRoute({
      method: 'GET',
      url: '/taxii2/api1/collections/:collection/objects/',
    });
    current = { store, app, taxii, used: 0 };
    return current;
  };
  try {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const { store, app, taxii } = !current || current.used >= perStore ? await next() : current;
        const http = current!.used++ % HTTP_EVERY === 0;
        time.now += 1000; // Each scenario in its own second: `added_after` isolates it.
        const built = await buildScenario(store, s, clock, http);
        await checkScenario(store, http ? app : undefined, s, built, taxii);
      }),
      { numRuns: runs, endOnFailure: true, includeErrorInReport: true },
    );
  } finally {
    if (current) {
      await current.app.close();
      await current.store.close();
    }
  }
}

describe('policy gate :: randomized scenarios, every viewer, every read path', () => {
  const runs = Number(process.env.POLICY_RUNS ?? 10_000);
  test(`SQLite: ${runs.toLocaleString('en-US')} scenarios, 0 differences`, async () => {
    await run(
      async () => {
        const store = SqliteStore.open(':memory:', { clock });
        await store.migrate();
        return store;
      },
      runs,
      500,
    );
  });

  const url = process.env.SHURA_TEST_PG;
  test(
    'PostgreSQL: the same property',
    {
      skip: url ? false : 'SHURA_TEST_PG is not set (e.g. postgres://postgres@127.0.0.1:5432/test)',
    },
    async () => {
      const schema = `shura_policy_${randomBytes(6).toString('hex')}`;
      after(async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      });
      const runs = Number(process.env.POLICY_PG_RUNS ?? 200);
      await run(
        async () => {
          const store = await PostgresStore.connect(url!, { schema, poolSize: 4, clock });
          await store.migrate();
          return store;
        },
        runs,
        runs,
      );
    },
  );
});
