import { Agent, request } from 'node:http';

/** The part of a fetch `Response` the benchmarks use. */
export interface Answer {
  status: number;
  headers: { get(name: string): string | null };
  /** The body as text, once it has all arrived (collected from the first byte). */
  text(): Promise<string>;
  json(): Promise<unknown>;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/**
 * A lean HTTP/1.1 client for the benchmarks (keep-alive, plain `node:http`): answers as soon
 * as the status and headers arrive, the body collected meanwhile. The global `fetch`, with its
 * web streams, cost the bench process ~10 ms more per 1 MB envelope on these 2 cores (time
 * the server spent waiting: docs/BENCHMARKS.md), so it measured the client as much as the
 * server.
 */
export function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        agent,
        headers: {
          ...init.headers,
          ...(body ? { 'content-length': String(body.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        const whole = new Promise<string>((done, fail) => {
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
          res.on('error', fail);
        });
        whole.catch(() => undefined); // reported to whoever reads the body
        resolve({
          status: res.statusCode ?? 0,
          headers: {
            get: (name) => {
              const value = res.headers[name.toLowerCase()];
              return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
            },
          },
          text: () => whole,
          json: async () => JSON.parse(await whole) as unknown,
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Closes the kept-alive connections, so the process can exit. */
export function closeConnections(): void {
  agent.destroy();
}
