import type { TaxiiClient } from './taxii-client.js';
import type { StatusDetail, TaxiiStatus } from './taxii-status.js';

export interface PushOptions {
  /** Objects per envelope at most (besides the size limit). Default 1,000. */
  maxObjects?: number;
  /**
   * Envelopes sent at once: while the server stores one, the next is on its way and parsed
   * (docs/BENCHMARKS.md: two in flight ingest ~1.2× faster than one). Default 2.
   */
  inFlight?: number;
  /** First wait before polling a pending status; grows 1.5× per poll up to 5 s. Default 250 ms. */
  pollMs?: number;
  /** How long to poll one status before reporting what is still pending. Default 120 s. */
  pollTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Called after each envelope's status is final (or given up on). */
  onEnvelope?: (status: TaxiiStatus) => void;
}

export interface PushReport {
  envelopes: number;
  total: number;
  successes: number;
  failures: StatusDetail[];
  pendings: StatusDetail[];
}

/**
 * Splits serialized objects into envelope bodies of at most `maxBytes` bytes (the API root's
 * `max_content_length`) and `maxObjects` objects. An object that cannot fit on its own is
 * returned apart, to be reported rather than sent.
 */
export function packEnvelopes(
  objects: readonly unknown[],
  maxBytes: number,
  maxObjects: number,
): { bodies: string[]; tooLarge: unknown[] } {
  const head = '{"objects":[';
  const tail = ']}';
  const bodies: string[] = [];
  const tooLarge: unknown[] = [];
  let parts: string[] = [];
  let size = head.length + tail.length;
  const flush = () => {
    if (parts.length > 0) bodies.push(`${head}${parts.join(',')}${tail}`);
    parts = [];
    size = head.length + tail.length;
  };
  for (const object of objects) {
    const json = JSON.stringify(object);
    const bytes = Buffer.byteLength(json);
    if (head.length + bytes + tail.length > maxBytes) {
      tooLarge.push(object);
      continue;
    }
    const added = bytes + (parts.length > 0 ? 1 : 0);
    if (size + added > maxBytes || parts.length >= maxObjects) flush();
    size += bytes + (parts.length > 0 ? 1 : 0);
    parts.push(json);
  }
  flush();
  return { bodies, tooLarge };
}

/**
 * Pushes objects to a remote collection (TAXII 2.1 §5.5) in envelopes within its API root's
 * `max_content_length`, polls each status resource (§4.3) until it is complete, and gathers
 * every per-object failure. Objects too large for any envelope fail without being sent.
 */
export async function pushObjects(
  client: TaxiiClient,
  apiRoot: string,
  collectionId: string,
  objects: readonly unknown[],
  options: PushOptions = {},
): Promise<PushReport> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const { max_content_length: maxBytes } = await client.apiRoot(apiRoot);
  const { bodies, tooLarge } = packEnvelopes(objects, maxBytes, options.maxObjects ?? 1000);
  const report: PushReport = {
    envelopes: bodies.length,
    total: objects.length,
    successes: 0,
    failures: tooLarge.map((object) => ({
      ...identify(object),
      message: `Not sent: larger than the server's max_content_length (${maxBytes} bytes).`,
    })),
    pendings: [],
  };
  const send = async (body: string): Promise<TaxiiStatus> => {
    let status = await client.addObjects(apiRoot, collectionId, body);
    const deadline = now() + (options.pollTimeoutMs ?? 120_000);
    let wait = options.pollMs ?? 250;
    while (status.status === 'pending' && now() < deadline) {
      await sleep(wait);
      wait = Math.min(wait * 1.5, 5000);
      status = await client.status(apiRoot, status.id);
    }
    options.onEnvelope?.(status);
    return status;
  };
  // Each sender takes the next envelope when its last one is final; the report keeps the
  // envelopes' order whatever order they finish in. After the first error no sender starts
  // another envelope (the one already in flight ends), and the push fails with that error.
  const statuses: TaxiiStatus[] = [];
  let next = 0;
  let failed = false;
  const sender = async () => {
    while (!failed && next < bodies.length) {
      const at = next++;
      try {
        statuses[at] = await send(bodies[at]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const senders = Math.max(1, Math.min(options.inFlight ?? 2, bodies.length));
  await Promise.all(Array.from({ length: senders }, sender));
  for (const status of statuses) {
    report.successes += status.success_count;
    report.failures.push(...(status.failures ?? []));
    report.pendings.push(...(status.pendings ?? []));
  }
  return report;
}

function identify(object: unknown): StatusDetail {
  const { id, modified, created } = (
    typeof object === 'object' && object !== null ? object : {}
  ) as Record<string, unknown>;
  const version = typeof modified === 'string' ? modified : created;
  return {
    id: typeof id === 'string' ? id : '',
    version: typeof version === 'string' ? version : '',
  };
}
