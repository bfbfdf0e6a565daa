import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordObjectAccess } from '../../audit/audit-log.js';
import { CollectionReadAhead } from '../../federation/collection-read-ahead.js';
import { readCollection, type CollectionPage } from '../../federation/collection-reads.js';
import {
  receiveEnvelope,
  type Intake,
  type IntakeOptions,
} from '../../federation/envelope-intake.js';
import type { TaxiiCollection } from '../../federation/taxii-collections.js';
import { writeModeOf } from '../../policy/roles.js';
import { isIdentifier } from '../../stix/ids.js';
import { callerOf, principalOf } from '../auth/authenticate.js';
import { isTaxiiContentType } from './media-types.js';
import { readEnvelope } from './read-envelope.js';
import { notFound, TaxiiError, unsupportedMediaType } from './taxii-error.js';
import {
  dateAddedHeaders,
  presentEnvelope,
  presentManifest,
  presentVersions,
  taxiiTimestamp,
} from './taxii-present.js';
import { PARAMS, parseTaxiiQuery, TAXII_MAX_LIMIT, type RawQuery } from './taxii-query.js';
import { API_ROOT, collectionOf, send, type TaxiiDeps } from './taxii-routes.js';

/** A page of a collection and the `added` bound it was read after, if any. */
type TaxiiPage = CollectionPage & { readAfter: string | undefined };

/** A page of objects with the envelope it is sent as (TAXII 2.1 §3.7) for its viewer. */
type ObjectsPage = CollectionPage & { envelope: Buffer };

/** Envelopes with at most this many objects are stored before the 202 answer. */
const INLINE_OBJECTS = 1000;

/** Manifest, objects, one object and its versions (TAXII 2.1 §5.3–§5.8). */
export function registerTaxiiObjectRoutes(taxii: FastifyInstance, deps: TaxiiDeps): void {
  const base = `/${API_ROOT}/collections/:collection`;
  const { store } = deps;
  const background = new Set<Promise<void>>();
  /** Add Objects requests being served. */
  let adding = 0;
  const readAhead = new CollectionReadAhead(store);
  // Pages of objects are encoded with the read: a page read ahead is encoded ahead too.
  const objectsReadAhead = new CollectionReadAhead<ObjectsPage>(store, {
    finish: (page, viewer) => ({ ...page, envelope: presentEnvelope(page, viewer) }),
  });
  taxii.addHook('onClose', async () => {
    readAhead.close();
    objectsReadAhead.close();
    await Promise.allSettled([...background]);
  });

  async function readable(request: FastifyRequest): Promise<TaxiiCollection> {
    const { collection, access } = await collectionOf(store, request);
    if (!access.read) throw forbidden('read objects of');
    return collection;
  }
  async function writable(request: FastifyRequest): Promise<TaxiiCollection> {
    const { collection, access } = await collectionOf(store, request);
    if (!access.write) throw forbidden('add or delete objects in');
    return collection;
  }
  /** The `{object-id}` of the URL: anything but a STIX identifier cannot exist (404). */
  function objectId(request: FastifyRequest): string {
    const { object } = request.params as { object: string };
    if (!isIdentifier(object)) throw notFound('object');
    return object;
  }
  /**
   * A page through the policy gate (through `pages`: the read-ahead of pages of objects or of
   * other resources), with the `added` bound it read after (for the headers).
   */
  async function read<P extends CollectionPage>(
    pages: CollectionReadAhead<P>,
    request: FastifyRequest,
    collection: TaxiiCollection,
    params: readonly string[],
    extra: { ids?: string[]; versions?: [{ kind: 'all' }] } = {},
  ): Promise<P & { readAfter: string | undefined }> {
    const query = { ...parseTaxiiQuery(request.query as RawQuery, params), ...extra };
    const page = await pages.read(collection, query, principalOf(request).viewer);
    return { ...page, readAfter: query.addedAfter };
  }
  /**
   * Sends a page of objects (its envelope), audited as the REST reads are: the audit write
   * completes before anything is sent.
   */
  async function sendObjects(
    request: FastifyRequest,
    reply: FastifyReply,
    page: ObjectsPage & TaxiiPage,
  ) {
    const principal = principalOf(request);
    await recordObjectAccess(
      store,
      callerOf(principal, 'taxii'),
      'object.read',
      deps.clock(),
      page.items,
    );
    return send(reply, 200, page.envelope, dateAddedHeaders(page.items, page.readAfter));
  }
  /** 404 unless the caller can see some version of the object in the collection. */
  async function assertExists(request: FastifyRequest, collection: TaxiiCollection, id: string) {
    const any = await readCollection(
      store,
      collection,
      { ids: [id], versions: [{ kind: 'all' }], limit: 1 },
      principalOf(request).viewer,
    );
    if (any.items.length === 0) throw notFound('object');
  }

  // §5.3 Get Object Manifests
  taxii.get(`${base}/manifest/`, async (request, reply) => {
    const page = await read(readAhead, request, await readable(request), PARAMS.list);
    return send(reply, 200, presentManifest(page), dateAddedHeaders(page.items, page.readAfter));
  });

  // §5.4 Get Objects
  taxii.get(`${base}/objects/`, async (request, reply) => {
    return sendObjects(
      request,
      reply,
      await read(objectsReadAhead, request, await readable(request), PARAMS.list),
    );
  });

  // §5.5 Add Objects: 202 and a status resource, whatever each object's fate.
  taxii.post(`${base}/objects/`, async (request, reply) => {
    adding++;
    try {
      const collection = await writable(request);
      if (!isTaxiiContentType(request.headers['content-type'])) throw unsupportedMediaType();
      // The checker's thread parses and validates the same text while this one parses it; a
      // lone envelope (no other being added) is split between the two threads, which would
      // otherwise wait for each other.
      const checking =
        typeof request.body === 'string'
          ? deps.objectChecker.checkEnvelope(request.body, { share: adding === 1 ? 0.5 : 1 })
          : undefined;
      const { objects, stringsChecked } = readEnvelope(request.body, deps.maxObjectsPerRequest);
      return await addObjects(request, reply, collection, objects, {
        stringsChecked,
        checks: await checking?.finish(objects, stringsChecked),
      });
    } finally {
      adding--;
    }
  });

  async function addObjects(
    request: FastifyRequest,
    reply: FastifyReply,
    collection: TaxiiCollection,
    objects: unknown[],
    { stringsChecked, checks }: { stringsChecked: boolean; checks: IntakeOptions['checks'] },
  ) {
    const principal = principalOf(request);
    const intake: Intake = await receiveEnvelope(objects, {
      store,
      collection,
      submittedBy: principal.organization.id,
      viewer: principal.viewer,
      requestTimestamp: taxiiTimestamp(deps.clock()),
      inlineLimit: INLINE_OBJECTS,
      statusRetentionMs: deps.taxiiStatusRetentionMs,
      stringsChecked,
      checks,
      ingest: {
        relay: writeModeOf(principal.user.role) === 'relay',
        caller: callerOf(principal, 'taxii'),
        clock: deps.clock,
        ...(deps.unmarked ? { unmarked: deps.unmarked } : {}),
      },
    });
    background.add(intake.done);
    void intake.done.finally(() => background.delete(intake.done));
    return send(reply, 202, intake.status);
  }

  // §5.6 Get an Object
  taxii.get(`${base}/objects/:object/`, async (request, reply) => {
    const collection = await readable(request);
    const id = objectId(request);
    const page = await read(objectsReadAhead, request, collection, PARAMS.object, { ids: [id] });
    if (page.items.length === 0) await assertExists(request, collection, id);
    return sendObjects(request, reply, page);
  });

  // §5.7 Delete an Object: the versions the caller's organization submitted (all, or those
  // match[version] / match[spec_version] pick) that the caller sees in this collection.
  taxii.delete(`${base}/objects/:object/`, async (request, reply) => {
    // §5.7: deleting takes both rights; with one of them the answer is 403.
    const { collection, access } = await collectionOf(store, request);
    if (!access.read || !access.write) throw forbidden('delete objects in');
    const id = objectId(request);
    const query = parseTaxiiQuery(request.query as RawQuery, PARAMS.delete);
    const principal = principalOf(request);
    const matching = await readCollection(
      store,
      collection,
      {
        ...query,
        ids: [id],
        versions: query.versions ?? [{ kind: 'all' }],
        limit: TAXII_MAX_LIMIT,
      },
      principal.viewer,
    );
    if (matching.items.length === 0) throw notFound('object');
    const exact = matching.items.every((v) => v.object.modified ?? v.object.created);
    const deleted = await store.deleteVersions(
      id,
      principal.organization.id,
      exact
        ? [{ kind: 'at', versions: matching.items.map((v) => v.version) }]
        : (query.versions ?? [{ kind: 'all' }]),
      principal.viewer,
    );
    if (deleted === 0) throw forbidden('delete versions another organization shared from');
    return send(reply, 200, undefined);
  });

  // §5.8 Get Object Versions
  taxii.get(`${base}/objects/:object/versions/`, async (request, reply) => {
    const collection = await readable(request);
    const id = objectId(request);
    const page = await read(readAhead, request, collection, PARAMS.versions, {
      ids: [id],
      versions: [{ kind: 'all' }],
    });
    if (page.items.length === 0) await assertExists(request, collection, id);
    return send(reply, 200, presentVersions(page), dateAddedHeaders(page.items, page.readAfter));
  });
}

function forbidden(what: string): TaxiiError {
  return new TaxiiError(403, 'Forbidden', `You may not ${what} this collection.`, 'forbidden');
}
