/**
 * HTTPS in process (TAXII 2.1 §8.2.2: TLS 1.2 or later): `shura serve` with SHURA_TLS_CERT and
 * SHURA_TLS_KEY serves REST and TAXII over TLS and refuses older protocol versions. Needs the
 * `openssl` command to make a throwaway certificate; skips with the reason without it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runShura, startServe, type ServeProcess } from './support/cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'shura-tls-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function makeCertificate(): string | undefined {
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return undefined;
  } catch (error) {
    return `openssl could not make a test certificate (${String(error).slice(0, 120)})`;
  }
}
const skip = makeCertificate();
if (skip) console.log(`# skipping TLS tests: ${skip}`);

/** One HTTPS GET trusting the test certificate; resolves with the status and body. */
function get(
  url: string,
  headers: Record<string, string>,
  tls: { maxVersion?: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' } = {},
): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers, ca: readFileSync(join(dir, 'cert.pem')), ...tls },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe(
  'HTTPS (TAXII 2.1 §8.2.2) :: shura serve with SHURA_TLS_CERT and SHURA_TLS_KEY',
  { skip },
  () => {
    let serve: ServeProcess;
    let key: string;
    before(async () => {
      serve = await startServe(['--data', join(dir, 'data')], {
        SHURA_TLS_CERT: join(dir, 'cert.pem'),
        SHURA_TLS_KEY: join(dir, 'key.pem'),
      });
      key = /Admin API key[^:]*: (\S+)/.exec(serve.output())?.[1] ?? '';
    });
    after(async () => {
      await serve?.stop();
    });

    test('listens on https:// and answers TAXII discovery and REST over TLS', async () => {
      assert.match(serve.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(key.length > 20, 'the first start prints the admin key');
      const taxii = await get(`${serve.url}/taxii2/`, {
        accept: 'application/taxii+json;version=2.1',
        authorization: `Bearer ${key}`,
      });
      assert.equal(taxii.status, 200, taxii.body);
      assert.equal(taxii.type, 'application/taxii+json;version=2.1');
      assert.deepEqual((JSON.parse(taxii.body) as { api_roots: string[] }).api_roots, [
        '/taxii2/api1/',
      ]);
      const rest = await get(`${serve.url}/api/v1/objects?limit=1`, {
        authorization: `Bearer ${key}`,
      });
      assert.equal(rest.status, 200);
      const outsider = await get(`${serve.url}/api/v1/objects?limit=1`, {});
      assert.equal(outsider.status, 401);
    });

    test('refuses TLS 1.1 and older', async () => {
      await assert.rejects(
        get(`${serve.url}/healthz`, {}, { maxVersion: 'TLSv1.1' }),
        /protocol|version|handshake|alert/i,
      );
    });
  },
);

describe('HTTPS configuration', () => {
  test('SHURA_TLS_CERT without SHURA_TLS_KEY is a configuration error naming both', async () => {
    const run = await runShura(['serve', '--port', '0', '--data', join(dir, 'other')], {
      env: { SHURA_TLS_CERT: join(dir, 'cert.pem'), SHURA_TLS_KEY: '' },
    });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /SHURA_TLS_CERT and SHURA_TLS_KEY/);
  });
});
