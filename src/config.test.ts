import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

test('loadConfig :: defaults: ./shura-data, 127.0.0.1:8600, SQLite', () => {
  const config = loadConfig({});
  assert.equal(config.dataDir, resolve('shura-data'));
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 8600);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.maxBodyBytes, 64 * 1024 * 1024);
});

test('loadConfig :: flags win over environment', () => {
  const config = loadConfig(
    { SHURA_HOME: '/tmp/a', SHURA_PORT: '9000', SHURA_HOST: '::1' },
    { dataDir: '/tmp/b', port: '9001' },
  );
  assert.equal(config.dataDir, '/tmp/b');
  assert.equal(config.port, 9001);
  assert.equal(config.host, '::1');
});

test('loadConfig :: unusable values name the setting', () => {
  assert.throws(
    () => loadConfig({ SHURA_PORT: 'eighty' }),
    (e: unknown) => e instanceof ConfigError && /port/.test(e.message),
  );
  assert.throws(() => loadConfig({}, { port: 70000 }), ConfigError);
  assert.throws(() => loadConfig({ SHURA_DATABASE_URL: 'mysql://x' }), /SHURA_DATABASE_URL/);
  assert.throws(() => loadConfig({ SHURA_MAX_BODY_BYTES: '-1' }), /SHURA_MAX_BODY_BYTES/);
});
