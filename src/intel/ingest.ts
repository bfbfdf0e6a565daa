import type { Caller } from '../audit/caller.js';
import { granularAudiences, audienceOf, type UnmarkedAudience } from '../policy/audience.js';
import { applyAuthorship, checkMarkingUse, type Author } from '../policy/authorship.js';
import { memberViewer } from '../policy/viewer.js';
import { canonicalJson } from '../stix/canonical-json.js';
import type { Problem } from '../stix/problem.js';
import type { StixObject } from '../stix/types.js';
import { validateForIngest } from './validate-input.js';
import { versionKey } from '../stix/versioning.js';
import type { ObjectWrite, Store } from '../store/store.js';
import { auditWrites, type StoredItem } from './ingest-audit.js';
import type { InputItem } from './parse-input.js';
import { SharingContext } from './sharing-context.js';

/** Per-object outcome of an ingest, in input order. */
export interface IngestResult {
  index: number;
  id?: string;
  type?: string;
  status: 'stored' | 'unchanged' | 'rejected';
  /** Present when rejected: what is wrong, each with a JSON pointer. */
  errors?: Problem[];
  warnings?: Problem[];
}

export interface IngestTotals {
  stored: number;
  unchanged: number;
  rejected: number;
}

export interface IngestReport {
  results: IngestResult[];
  totals: IngestTotals;
}

export interface IngestOptions {
  store: Store;
  /** Local organization submitting the objects (owner of unmarked and restricted objects). */
  submittedBy: string;
  /**
   * `false` (default): the submitter writes as a member of its organization: objects must be
   * in its name (`created_by_ref` absent is set to its identity; another one is refused) and
   * trust-group markings need membership. `true`: a relay (the node operator's CLI import, a
   * peer node): third-party objects are kept exactly as received, markings included.
   */
  relay?: boolean;
  /** Who is acting, for the audit log. Default: the submitting organization, via `internal`. */
  caller?: Caller;
  /** Who sees unmarked objects (node setting). Default `owner`: the owner organization only. */
  unmarked?: UnmarkedAudience;
  /** Clock for audit events. Default: the wall clock. */
  clock?: () => Date;
  /** Objects per store transaction. Default 1,000. */
  batchSize?: number;
  /** Called after each batch with the number of items processed so far. */
  onProgress?: (done: number, total: number) => void;
}

/** Everything fixed for one ingest call. */
interface Session {
  options: IngestOptions;
  author: Author;
  sharing: SharingContext;
  caller: Caller;
}

/**
 * The ingest pipeline (parse is done by the caller): validate → authorship (`policy/`) →
 * markings and audience (`policy/`) → version rules and store, one store transaction per
 * batch. Invalid or refused objects are rejected with their problems; the valid ones of the
 * same batch are still stored. Writes of AMBER and RED objects go to the audit log.
 */
export async function ingest(
  items: readonly InputItem[],
  options: IngestOptions,
): Promise<IngestReport> {
  const session = await openSession(options);
  const batchSize = options.batchSize ?? 1000;
  const results: IngestResult[] = [];
  for (let start = 0; start < items.length; start += batchSize) {
    const batch = items.slice(start, start + batchSize);
    results.push(...(await ingestBatch(batch, session)));
    options.onProgress?.(Math.min(start + batchSize, items.length), items.length);
  }
  return { results, totals: totalsOf(results) };
}

async function openSession(options: IngestOptions): Promise<Session> {
  const { store, submittedBy } = options;
  const organization = await store.getOrganization(submittedBy);
  if (!organization && !options.relay)
    throw new Error(`ingest: no organization ${submittedBy} on this node`);
  const groupIds = await store.groupIdsOf(submittedBy);
  return {
    options,
    author: {
      identityId: organization?.identityId ?? '',
      mode: options.relay ? 'relay' : 'member',
      groupIds,
    },
    sharing: new SharingContext(store, memberViewer(submittedBy, groupIds)),
    caller: options.caller ?? {
      kind: 'user',
      userId: '',
      organizationId: submittedBy,
      role: 'analyst',
      via: 'internal',
    },
  };
}

async function ingestBatch(batch: readonly InputItem[], session: Session): Promise<IngestResult[]> {
  const { options, author, sharing } = session;
  const results: IngestResult[] = [];
  const valid: { slot: number; object: StixObject; json: string | undefined }[] = [];
  for (const item of batch) {
    if (item.parseError !== undefined) {
      results.push(rejected(item.index, undefined, [parseProblem(item.parseError)]));
      continue;
    }
    const { errors, warnings } =
      item.check ?? validateForIngest(item.value, { stringsChecked: item.stringsChecked === true });
    const label = identify(item.value);
    if (errors.length > 0) {
      results.push({
        ...rejected(item.index, label, errors),
        ...(warnings.length ? { warnings } : {}),
      });
      continue;
    }
    valid.push({ slot: results.length, object: item.value as StixObject, json: item.check?.json });
    results.push({
      index: item.index,
      ...label,
      status: 'stored',
      ...(warnings.length ? { warnings } : {}),
    });
  }
  await sharing.prepare(valid.map((v) => v.object));
  const writes: ObjectWrite[] = [];
  const writeSlots: number[] = [];
  for (const { slot, object: received, json } of valid) {
    const result = results[slot]!;
    const authored = applyAuthorship(received, author, sharing.marking);
    const refusal = authored.ok
      ? checkMarkingUse(authored.object, author, sharing.marking)
      : authored;
    if (!authored.ok || refusal) {
      const { rule, message } = refusal ?? (authored as { rule: string; message: string });
      refuse(
        result,
        rule,
        message,
        rule === 'forged-creator' ? '/created_by_ref' : '/object_marking_refs',
      );
      continue;
    }
    const object = authored.object;
    const context = {
      ownerOrganizationId: options.submittedBy,
      creatorOrganizationId:
        object.created_by_ref !== undefined
          ? sharing.organizationOf(object.created_by_ref)
          : undefined,
      resolveMarking: sharing.marking,
      organizationOfIdentity: sharing.organizationOf,
      unmarked: options.unmarked ?? 'owner',
      relayed: options.relay === true,
    };
    const granular = granularAudiences(object, context);
    writeSlots.push(slot);
    writes.push({
      object,
      // The text of the object as received: authorship may have changed it (created_by_ref).
      ...(json !== undefined && object === received ? { json } : {}),
      version: versionKey(object),
      audience: audienceOf(object, context),
      ...(granular.length > 0 ? { granular } : {}),
      submittedBy: options.submittedBy,
    });
  }
  if (session.caller.kind === 'peer')
    await refuseLocalCreators(session, writes, writeSlots, results, sharing);
  if (writes.length === 0) return results;
  const outcomes = await options.store.putObjects(writes);
  const stored: StoredItem[] = [];
  outcomes.forEach((outcome, i) => {
    const write = writes[i]!;
    const result = results[writeSlots[i]!]!;
    if (outcome.status === 'rejected') {
      refuse(result, outcome.rule, messageFor(outcome.rule, outcome.message, write.object), '');
    } else {
      result.status = outcome.status;
      if (outcome.status === 'stored')
        stored.push({
          write,
          creatorOrganizationId: sharing.organizationOf(write.object.created_by_ref ?? ''),
          ref: outcome.seq,
        });
    }
  });
  await auditWrites(
    options.store,
    session.caller,
    (options.clock ?? (() => new Date()))(),
    stored,
    memberViewer(options.submittedBy, author.groupIds),
  );
  return results;
}

/**
 * A peer node relays others' objects, but may not speak for an organization of this node:
 * an object in the name of a local organization (other than the peer's own) is accepted only
 * when it is a version this node already has, unchanged (a federation echo). Otherwise a peer
 * could version, and so re-mark, a local organization's object. Removes refused writes.
 */
async function refuseLocalCreators(
  session: Session,
  writes: ObjectWrite[],
  slots: number[],
  results: IngestResult[],
  sharing: SharingContext,
): Promise<void> {
  const { store, submittedBy } = session.options;
  for (let i = writes.length - 1; i >= 0; i--) {
    const { object } = writes[i]!;
    const creator = sharing.organizationOf(object.created_by_ref ?? '');
    if (creator === undefined || creator === submittedBy) continue;
    // The creator's own view: is this exact version already here?
    const stored = await store.getObject(object.id, memberViewer(creator), { kind: 'all' });
    const canonical = canonicalJson(object);
    const echo = stored.some(
      (v) => v.object.modified === object.modified && canonicalJson(v.object) === canonical,
    );
    if (echo) continue;
    refuse(
      results[slots[i]!]!,
      'local-creator',
      `${object.id} is in the name of an organization of this node; a peer node may pass its objects back unchanged but not create or version them.`,
      '/created_by_ref',
    );
    writes.splice(i, 1);
    slots.splice(i, 1);
  }
}

function refuse(result: IngestResult, rule: string, message: string, pointer: string): void {
  result.status = 'rejected';
  result.errors = [{ severity: 'error', pointer, rule, message }];
}

/**
 * The store names an object's creator when refusing a version by someone else; the submitter
 * may not be allowed to see that object, so the answer names nobody.
 */
function messageFor(rule: string, message: string, object: StixObject): string {
  if (rule !== 'foreign-creator') return message;
  return `${object.id} belongs to another creator; only its creator may version it (STIX 2.1 §3.6). Share your own object that references it instead.`;
}

function identify(value: unknown): { id?: string; type?: string } {
  if (typeof value !== 'object' || value === null) return {};
  const { id, type } = value as { id?: unknown; type?: unknown };
  const label: { id?: string; type?: string } = {};
  if (typeof id === 'string' && id.length <= 300) label.id = id;
  if (typeof type === 'string' && type.length <= 300) label.type = type;
  return label;
}

function rejected(
  index: number,
  label: { id?: string; type?: string } | undefined,
  errors: Problem[],
): IngestResult {
  return { index, ...label, status: 'rejected', errors };
}

function parseProblem(message: string): Problem {
  return { severity: 'error', pointer: '', rule: 'malformed-json', message };
}

/** Counts of stored, unchanged and rejected results. */
export function totalsOf(results: readonly IngestResult[]): IngestTotals {
  const totals: IngestTotals = { stored: 0, unchanged: 0, rejected: 0 };
  for (const r of results) totals[r.status]++;
  return totals;
}
