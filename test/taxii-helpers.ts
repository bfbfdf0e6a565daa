/** Shared helpers of the TAXII black-box suites (`test/taxii-*.test.ts`). */
import assert from 'node:assert/strict';
import type { TestNode } from './support/http-node.js';

export const TAXII = 'application/taxii+json;version=2.1';
export const TLP = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

export interface Request {
  key?: string | undefined;
  accept?: string;
  headers?: Record<string, string>;
  method?: string;
  body?: string;
  contentType?: string;
}

/** A TAXII client for one test node: paths are relative to the API root `/taxii2/api1`. */
export function taxiiOf(node: TestNode) {
  const root = `${node.url}/taxii2/api1`;
  const request = (path: string, r: Request = {}) => {
    const headers: Record<string, string> = { accept: r.accept ?? TAXII, ...r.headers };
    if (!('key' in r)) headers.authorization = `Bearer ${node.homeKey}`;
    else if (r.key !== undefined) headers.authorization = `Bearer ${r.key}`;
    if (r.body !== undefined) headers['content-type'] = r.contentType ?? TAXII;
    return fetch(path.startsWith('http') ? path : `${root}${path}`, {
      method: r.method ?? 'GET',
      headers,
      ...(r.body !== undefined ? { body: r.body } : {}),
    });
  };
  return {
    root,
    request,
    /** POSTs an envelope to a collection (default: `default`) and returns the answer. */
    post: (objects: unknown[], r: Request & { collection?: string } = {}) =>
      request(`/collections/${r.collection ?? 'default'}/objects/`, {
        ...r,
        method: 'POST',
        body: JSON.stringify({ objects }),
      }),
    /**
     * Get Status until the request is no longer pending (or 30 s have passed); the last answer.
     * Polls every 50 ms.
     */
    async settled<T extends { status: string }>(statusId: string): Promise<T> {
      let status = await taxiiBody<T>(await request(`/status/${statusId}/`), 200);
      for (let i = 0; i < 600 && status.status === 'pending'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = await taxiiBody<T>(await request(`/status/${statusId}/`), 200);
      }
      return status;
    },
    /** Every page of a listing, following `next`; returns the items and the responses. */
    async all<T>(
      path: string,
      r: Request = {},
      field: 'objects' | 'versions' = 'objects',
    ): Promise<{ items: T[]; pages: number }> {
      const items: T[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const sep = path.includes('?') ? '&' : '?';
        const res = await request(
          `${path}${next ? `${sep}next=${encodeURIComponent(next)}` : ''}`,
          r,
        );
        const page = await taxiiBody<Record<string, unknown>>(res, 200);
        items.push(...((page[field] as T[] | undefined) ?? []));
        next = page.more ? (page.next as string) : undefined;
        pages++;
      } while (next);
      return { items, pages };
    },
  };
}

/** Asserts the status and the TAXII media type, and parses the body. */
export async function taxiiBody<T = Record<string, unknown>>(
  res: Response,
  status: number,
): Promise<T> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.equal(res.headers.get('content-type'), TAXII);
  return JSON.parse(text) as T;
}

/** Asserts a TAXII error resource (§3.6.1) with this status; returns it. */
export async function taxiiError(
  res: Response,
  status: number,
): Promise<{ title: string; description?: string; http_status: string; error_code?: string }> {
  const error = await taxiiBody<{ title: string; description?: string; http_status: string }>(
    res,
    status,
  );
  assert.equal(typeof error.title, 'string');
  assert.equal(error.http_status, String(status));
  return error;
}

let counter = 0;
/** A fresh valid indicator with a unique id (RFC 4122 v4 UUID). */
export function indicator(extra: Record<string, unknown> = {}): Record<string, unknown> & {
  id: string;
  modified: string;
} {
  counter++;
  const suffix = (counter + process.pid * 100_000).toString(16).padStart(12, '0').slice(-12);
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--7a0c3f4e-1b2d-4c5e-9f60-${suffix}`,
    created: '2024-04-01T00:00:00.000Z',
    modified: '2024-04-01T00:00:00.000Z',
    pattern: `[domain-name:value = 'taxii-${counter}.example']`,
    pattern_type: 'stix',
    valid_from: '2024-04-01T00:00:00Z',
    ...extra,
  };
}

/** `Basic` credentials with an API key as the password. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
