/**
 * What the policy gate costs a paged read (issue 4, Benchmark): 1,000,000 indicators from 50
 * organizations with 20 trust groups and mixed markings (CLEAR, GREEN, AMBER to a group,
 * AMBER to the owner only, RED to two named recipients; some with a granular marking), on one
 * SQLite file. In the same run, on the same data:
 *
 * - without the gate: the same SELECT, columns, ordering and row mapping as `queryObjects`,
 *   minus the audience condition (raw SQL: the Store has no unfiltered read);
 * - with the gate: `Store.queryObjects` for a member of 3 trust groups, a member of none, and
 *   a peer node (which also withholds `no-forward`);
 * - with the gate and presentation: the same pages through `visibleJson` (what REST and TAXII
 *   send: the stored text, or the redacted object serialized where a granular marking hides
 *   a property from the viewer).
 *
 * Each reads every visible object in pages of 1,000 (the GET /objects and TAXII default
 * paging) and reports objects/s, ms per page and the cost against the ungated read.
 * `BENCH_SCALE=0.1` shrinks the data (e.g. 100,000 objects). Prints a markdown table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { audienceOf, granularAudiences } from '../src/policy/audience.js';
import {
  groupMarkingId,
  recipientsMarkingId,
  type MarkingMeaning,
} from '../src/policy/markings.js';
import { visibleJson } from '../src/http/visible-json.js';
import { TLP2_MARKING_IDS } from '../src/policy/tlp.js';
import { memberViewer, peerViewer, type Viewer } from '../src/policy/viewer.js';
import { VERSION_COLUMNS } from '../src/store/sql/object-query-sql.js';
import { toObjectPage, type VersionRow } from '../src/store/sql/row-mapping.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { ObjectWrite, StoredVersion } from '../src/store/store.js';
import { syntheticIndicator } from './synthetic-indicators.js';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const COUNT = Math.max(10_000, Math.round(1_000_000 * scale));
const ORGS = 50;
const GROUPS = 20;
const PAGE = 1000;

const org = (i: number) => `org-${i}`;
const identity = (i: number) => `identity--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const groupId = (g: number) => `11111111-0000-4000-8000-${String(g).padStart(12, '0')}`;
/** Group g has 5 members, organizations 5g to 5g+4 (mod 50): every organization is in 2 groups. */
const groupMembers = (g: number) => [0, 1, 2, 3, 4].map((d) => (g * 5 + d) % ORGS);
const groupsOf = (o: number) =>
  Array.from({ length: GROUPS }, (_, g) => g).filter((g) => groupMembers(g).includes(o));

const meanings = new Map<string, MarkingMeaning>();
for (const [level, id] of Object.entries(TLP2_MARKING_IDS))
  meanings.set(id, { kind: 'tlp', level: level as 'clear' });
for (let g = 0; g < GROUPS; g++)
  meanings.set(groupMarkingId(groupId(g)), { kind: 'group', groupId: groupId(g) });
const recipientsOf = (n: number) => [identity((n + 1) % ORGS), identity((n + 2) % ORGS)];

/**
 * The n-th object: synthetic indicator, creator n mod 50, markings by n mod 20 (30% CLEAR, 30%
 * GREEN, 25% AMBER to a trust group, 10% AMBER to the owner only, 5% RED to two recipients).
 */
function objectAt(n: number): ObjectWrite {
  const creator = n % ORGS;
  const group = groupId(Math.floor(n / 20) % GROUPS);
  const base = syntheticIndicator(n);
  const slot = n % 20;
  let markings: string[];
  if (slot < 6) markings = [TLP2_MARKING_IDS.clear];
  else if (slot < 12) markings = [TLP2_MARKING_IDS.green];
  else if (slot < 17) markings = [TLP2_MARKING_IDS.amber, groupMarkingId(group)];
  else if (slot < 19) markings = [TLP2_MARKING_IDS.amber];
  else {
    const id = recipientsMarkingId(recipientsOf(n));
    meanings.set(id, { kind: 'recipients', identityIds: recipientsOf(n) });
    markings = [TLP2_MARKING_IDS.red, id];
  }
  const object = {
    ...base,
    created_by_ref: identity(creator),
    object_marking_refs: markings,
    // One in ten GREEN objects keeps its description for the AMBER group only.
    ...(slot === 6
      ? {
          granular_markings: [
            { marking_ref: TLP2_MARKING_IDS.amber, selectors: ['description'] },
            { marking_ref: groupMarkingId(group), selectors: ['description'] },
          ],
        }
      : {}),
  } as ObjectWrite['object'];
  const context = {
    ownerOrganizationId: org(creator),
    resolveMarking: (id: string) => meanings.get(id),
    organizationOfIdentity: (id: string) => org(Number(id.slice(-12))),
  };
  const granular = granularAudiences(object, context);
  return {
    object,
    version: object.modified,
    audience: audienceOf(object, context),
    ...(granular.length ? { granular } : {}),
    submittedBy: org(creator),
  };
}

interface Row {
  read: string;
  objects: number;
  seconds: number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shura-policy-bench-'));
  const path = join(dir, 'policy.db');
  try {
    const store = SqliteStore.open(path);
    await store.migrate();
    const t0 = performance.now();
    for (let start = 0; start < COUNT; start += PAGE) {
      const batch: ObjectWrite[] = [];
      for (let n = start; n < Math.min(start + PAGE, COUNT); n++) batch.push(objectAt(n));
      await store.putObjects(batch);
    }
    const loadSeconds = (performance.now() - t0) / 1000;

    const raw = new Database(path, { readonly: true });
    const ungated = raw
      .prepare(
        `SELECT ${VERSION_COLUMNS} FROM versions v WHERE v.is_latest = 1 AND v.seq > ? ORDER BY v.seq LIMIT ?`,
      )
      .raw(); // rows as arrays, as the store reads them (VersionRow)
    const rows: Row[] = [];
    const measure = async (
      read: string,
      page: (after: string | undefined) => Promise<{ items: StoredVersion[]; next?: string }>,
      present?: (v: StoredVersion) => unknown,
    ) => {
      global.gc?.();
      const start = performance.now();
      let objects = 0;
      let cursor: string | undefined;
      do {
        const result = await page(cursor);
        if (present) for (const v of result.items) present(v);
        objects += result.items.length;
        cursor = result.next;
      } while (cursor);
      rows.push({ read, objects, seconds: (performance.now() - start) / 1000 });
    };
    let lastSeq = 0;
    const ungatedPage = (cursor: string | undefined) => {
      if (cursor === undefined) lastSeq = 0;
      const found = ungated.all(lastSeq, PAGE + 1) as VersionRow[];
      const page = toObjectPage(found, PAGE);
      if (page.items.length) lastSeq = Number(found[Math.min(found.length, PAGE) - 1]![0]);
      return Promise.resolve(
        page.next ? { items: page.items, next: 'more' } : { items: page.items },
      );
    };
    const gated = (viewer: Viewer) => (cursor: string | undefined) =>
      store.queryObjects({ limit: PAGE, ...(cursor ? { cursor } : {}) }, viewer);
    const member = memberViewer(org(0), groupsOf(0).map(groupId));
    const loner = memberViewer(org(1), []);
    const peer = peerViewer(org(0), groupsOf(0).map(groupId));
    // Warm the page cache once, then measure each read three times, keeping the fastest run.
    await measure('warm-up', ungatedPage);
    rows.length = 0;
    const plan: [string, Parameters<typeof measure>[1], Parameters<typeof measure>[2]?][] = [
      ['no gate (same SELECT without the audience condition)', ungatedPage],
      [`gate: member of ${groupsOf(0).length} trust groups`, gated(member)],
      ['gate: member of no trust group', gated(loner)],
      ['gate: peer node (withholds no-forward)', gated(peer)],
      [
        'gate + presentation (granular markings), member',
        gated(member),
        (v) => visibleJson(v, member),
      ],
    ];
    for (let round = 0; round < 3; round++)
      for (const [name, page, present] of plan) await measure(name, page, present);
    raw.close();
    await store.close();

    const best = new Map<string, Row>();
    for (const row of rows) {
      const known = best.get(row.read);
      if (!known || row.seconds < known.seconds) best.set(row.read, row);
    }
    const base = best.get(plan[0]![0])!;
    const perObject = (r: Row) => r.seconds / r.objects;
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(
      `${COUNT.toLocaleString('en-US')} indicators, ${ORGS} organizations, ${GROUPS} trust groups (SQLite file; loaded in ${loadSeconds.toFixed(1)} s); pages of ${PAGE}.\n`,
    );
    console.log(
      '| read | objects read | objects/s | ms per page of 1,000 | cost per object vs no gate |',
    );
    console.log('|---|---:|---:|---:|---:|');
    for (const [name] of plan) {
      const r = best.get(name)!;
      const cost = perObject(r) / perObject(base) - 1;
      console.log(
        `| ${name} | ${fmt(r.objects)} | ${fmt(r.objects / r.seconds)} | ${(perObject(r) * PAGE * 1000).toFixed(2)} | ${r === base ? '-' : `${cost >= 0 ? '+' : ''}${(cost * 100).toFixed(1)}%`} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
