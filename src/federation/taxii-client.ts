import type { TaxiiStatus } from './taxii-status.js';

/** TAXII 2.1 §1 (media types): what the client sends and accepts. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

/** How the client authenticates: HTTP Basic (TAXII 2.1's mandatory scheme) or a Bearer token. */
export type Credentials =
  { kind: 'bearer'; token: string } | { kind: 'basic'; username: string; password: string };

/** Bounded retries with exponential backoff for transient failures. */
export interface RetryPolicy {
  /** Tries per request, the first included. Default 5. */
  attempts: number;
  /** Delay before the second try, doubled for each further one (with jitter). Default 250 ms. */
  baseDelayMs: number;
  /** Largest delay between tries, `Retry-After` included. Default 8,000 ms. */
  maxDelayMs: number;
}

export interface TaxiiClientOptions {
  credentials?: Credentials;
  retry?: Partial<RetryPolicy>;
  /** Per-try timeout. Default 60,000 ms. */
  timeoutMs?: number;
  /** Injectable for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** A request that failed: the server's TAXII error resource (when it sent one), or the network. */
export class TaxiiClientError extends Error {
  constructor(
    message: string,
    /** HTTP status; undefined for a network failure or a timeout. */
    readonly status: number | undefined,
    /** Whether trying again later may succeed (network, timeout, 408, 429, 5xx). */
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'TaxiiClientError';
  }
}

export interface Discovery {
  title: string;
  description?: string;
  default?: string;
  api_roots?: string[];
}
export interface ApiRootInfo {
  title: string;
  versions: string[];
  max_content_length: number;
}
export interface RemoteCollection {
  id: string;
  title: string;
  alias?: string;
  description?: string;
  can_read: boolean;
  can_write: boolean;
  media_types?: string[];
}
export interface Envelope {
  more?: boolean;
  next?: string;
  objects?: unknown[];
}
/** A page of objects with its `X-TAXII-Date-Added-*` headers. */
export interface ObjectsPage {
  envelope: Envelope;
  dateAddedFirst?: string;
  dateAddedLast?: string;
}

const TRANSIENT_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** A TAXII 2.1 client: every request carries the credentials and is retried when transient. */
export class TaxiiClient {
  private readonly retry: RetryPolicy;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: TaxiiClientOptions = {}) {
    this.retry = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8000, ...options.retry };
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** §4.1 Server Discovery. */
  async discover(url: string): Promise<Discovery> {
    return (await this.send('GET', url)).body as Discovery;
  }

  /** §4.2 Get API Root Information. */
  async apiRoot(apiRoot: string): Promise<ApiRootInfo> {
    const info = (await this.send('GET', apiRoot)).body as ApiRootInfo;
    if (!Array.isArray(info.versions) || typeof info.max_content_length !== 'number')
      throw new TaxiiClientError(`${apiRoot} is not a TAXII 2.1 API root.`, undefined, false);
    return info;
  }

  /**
   * The API root a URL names: the URL itself when it answers as an API root, else the
   * `default` (or first) API root of the discovery resource it answers.
   */
  async resolveApiRoot(url: string): Promise<string> {
    const resource = (await this.send('GET', withSlash(url))).body as Partial<
      Discovery & ApiRootInfo
    >;
    if (Array.isArray(resource.versions)) return withSlash(url);
    const root = resource.default ?? resource.api_roots?.[0];
    if (typeof root !== 'string')
      throw new TaxiiClientError(`${url} names no TAXII API root.`, undefined, false);
    return withSlash(new URL(root, withSlash(url)).toString());
  }

  /** §5.1 Get Collections. */
  async collections(apiRoot: string): Promise<RemoteCollection[]> {
    const body = (await this.send('GET', resolve(apiRoot, 'collections/'))).body as {
      collections?: RemoteCollection[];
    };
    return body.collections ?? [];
  }

  /** A collection of an API root by id or alias. */
  async findCollection(apiRoot: string, idOrAlias: string): Promise<RemoteCollection> {
    const found = (await this.collections(apiRoot)).find(
      (c) => c.id === idOrAlias || c.alias === idOrAlias,
    );
    if (!found)
      throw new TaxiiClientError(`No collection "${idOrAlias}" at ${apiRoot}.`, 404, false);
    return found;
  }

  /** §5.4 Get Objects: one page; `params` are URL parameters (`added_after`, `next`, ...). */
  async getObjects(
    apiRoot: string,
    collectionId: string,
    params: Record<string, string>,
  ): Promise<ObjectsPage> {
    const url = new URL(
      resolve(apiRoot, `collections/${encodeURIComponent(collectionId)}/objects/`),
    );
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const { body, headers } = await this.send('GET', url.toString());
    const first = headers.get('x-taxii-date-added-first');
    const last = headers.get('x-taxii-date-added-last');
    return {
      envelope: body as Envelope,
      ...(first ? { dateAddedFirst: first } : {}),
      ...(last ? { dateAddedLast: last } : {}),
    };
  }

  /** §5.5 Add Objects: posts one envelope (already serialized) and returns the status. */
  async addObjects(apiRoot: string, collectionId: string, envelope: string): Promise<TaxiiStatus> {
    const url = resolve(apiRoot, `collections/${encodeURIComponent(collectionId)}/objects/`);
    return (await this.send('POST', url, envelope)).body as TaxiiStatus;
  }

  /** §4.3 Get Status. */
  async status(apiRoot: string, statusId: string): Promise<TaxiiStatus> {
    return (await this.send('GET', resolve(apiRoot, `status/${encodeURIComponent(statusId)}/`)))
      .body as TaxiiStatus;
  }

  private async send(
    method: 'GET' | 'POST',
    url: string,
    body?: string,
  ): Promise<{ body: unknown; headers: Headers }> {
    for (let attempt = 1; ; attempt++) {
      let failure: TaxiiClientError;
      let retryAfterMs: number | undefined;
      try {
        const response = await this.fetchImpl(url, {
          method,
          headers: this.headers(body !== undefined),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
          ...(body !== undefined ? { body } : {}),
        });
        const text = await response.text();
        if (response.ok) return { body: parseJson(text, url), headers: response.headers };
        failure = new TaxiiClientError(
          describeFailure(method, url, response.status, text),
          response.status,
          TRANSIENT_STATUS.has(response.status),
        );
        retryAfterMs = retryAfter(response.headers.get('retry-after'));
      } catch (error) {
        if (error instanceof TaxiiClientError) throw error;
        const reason = error instanceof Error ? (error.cause ?? error) : error;
        failure = new TaxiiClientError(
          `${method} ${url} failed: ${reason instanceof Error ? reason.message : String(reason)}`,
          undefined,
          true,
        );
      }
      if (!failure.transient || attempt >= this.retry.attempts) throw failure;
      const backoff = this.retry.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      await this.sleep(Math.min(retryAfterMs ?? backoff, this.retry.maxDelayMs));
    }
  }

  private headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: TAXII_MEDIA_TYPE };
    if (hasBody) headers['content-type'] = TAXII_MEDIA_TYPE;
    const c = this.options.credentials;
    if (c?.kind === 'bearer') headers.authorization = `Bearer ${c.token}`;
    if (c?.kind === 'basic')
      headers.authorization = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
    return headers;
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function resolve(apiRoot: string, path: string): string {
  return new URL(path, withSlash(apiRoot)).toString();
}

function parseJson(text: string, url: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TaxiiClientError(`${url} answered something that is not JSON.`, undefined, false);
  }
}

/** `Retry-After` in seconds (RFC 9110 §10.2.3); an HTTP date is ignored (backoff applies). */
function retryAfter(header: string | null): number | undefined {
  return header && /^\d{1,6}$/.test(header) ? Number(header) * 1000 : undefined;
}

/** A one-line account of a refusal, from the server's TAXII error resource when it sent one. */
function describeFailure(method: string, url: string, status: number, text: string): string {
  let detail = '';
  try {
    const error = JSON.parse(text) as { title?: unknown; description?: unknown };
    if (typeof error.title === 'string') detail = `: ${error.title}`;
    if (typeof error.description === 'string') detail += ` - ${error.description}`;
  } catch {
    // Not a TAXII error resource: the status says enough.
  }
  return `${method} ${url} answered HTTP ${status}${detail.slice(0, 500)}`;
}
