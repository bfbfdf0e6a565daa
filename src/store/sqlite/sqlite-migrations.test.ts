import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { indicator, isolatedViewer, nextVersion, write } from '../contract/factories.js';
import { idKey, registerIdKey } from './sqlite-id-key.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { auditSelect } from '../sql/sharing-rows.js';
import { SQLITE_DIALECT } from './sqlite-queries.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'shura-sqlite-migrations-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite migration 3: object ids indexed by shura_id_key', () => {
  test('a database written before it keeps every row findable by id, and takes new versions', async () => {
    const path = join(dir, 'v2.db');
    const { token, viewer } = isolatedViewer();
    const v1 = indicator();
    // The schema and rows of a node that ran migrations 1 and 2 only.
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    for (const migration of SQLITE_MIGRATIONS.slice(0, 2)) {
      old.exec(migration.sql);
      old
        .prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)')
        .run(migration.version, migration.name, '2026-11-01T00:00:00.000Z');
    }
    old.prepare('INSERT INTO audiences (audience_id, key) VALUES (1, ?)').run(`["${token}"]`);
    old.prepare('INSERT INTO audience_tokens (token, audience_id) VALUES (?, 1)').run(token);
    old
      .prepare(
        `INSERT INTO versions (id, version, added_us, type, spec_version, created, created_by_ref,
          revoked, is_latest, is_first, audience_id, submitted_by, body)
         VALUES (?, ?, 1, 'indicator', '2.1', ?, NULL, 0, 1, 1, 1, 'a', ?)`,
      )
      .run(v1.id, `${v1.modified!.slice(0, -1)}000000Z`, v1.created, JSON.stringify(v1));
    old.prepare('UPDATE write_clock SET last_added_us = 1').run();
    old
      .prepare(
        "INSERT INTO audit_events (at, action, actor_kind, via, object_id) VALUES ('2026-11-01T00:00:00.000Z', 'object.read', 'user', 'rest', ?)",
      )
      .run(v1.id);
    old.close();

    const store = SqliteStore.open(path, { backgroundCheckpoints: false });
    await store.migrate();
    const [found] = await store.getObject(v1.id, viewer);
    assert.equal(found?.json, JSON.stringify(v1));
    // Stored before migration 6: no facts in columns; readers take them from the body.
    assert.equal(found?.facts, undefined);
    assert.equal(found?.version, v1.modified);
    const audit = await store.queryAudit({ objectId: v1.id, limit: 10 });
    assert.deepEqual(
      audit.items.map((e) => e.objectId),
      [v1.id],
    );
    const v2 = nextVersion(v1, '2099-01-01T00:00:00.000Z', { name: 'second' });
    const [outcome] = await store.putObjects([write(v2, [token])]);
    assert.equal(outcome?.status, 'stored');
    const latest = await store.getObject(v1.id, viewer);
    assert.deepEqual(
      latest.map((v) => v.version),
      [v2.modified],
    );
    const all = await store.getObject(v1.id, viewer, { kind: 'all' });
    assert.equal(all.length, 2);
    assert.equal(all[1]?.facts?.modified, v2.modified);
    await store.close();

    const check = new Database(path);
    registerIdKey(check);
    const keys = check.prepare('SELECT DISTINCT id_key FROM versions').all() as {
      id_key: number;
    }[];
    assert.deepEqual(keys, [{ id_key: idKey(v1.id) }]);
    // Migration 5 moved the old row's key into the main key table; v2's key is fresh.
    const merged = check.prepare('SELECT id_key, seq FROM version_keys').all();
    assert.deepEqual(merged, [{ id_key: idKey(v1.id), seq: 1 }]);
    const fresh = check.prepare('SELECT id_key FROM fresh_version_keys').all();
    assert.deepEqual(fresh, [{ id_key: idKey(v1.id) }]);
    const oldIndex = check
      .prepare("SELECT name FROM sqlite_master WHERE name = 'versions_id_key'")
      .all();
    assert.deepEqual(oldIndex, []);
    assert.throws(
      () => check.prepare("UPDATE audit_events SET action = 'forged'").run(),
      /append-only/,
    );
    check.close();
  });

  test('idKey: 52 bits, stable, different for different ids', () => {
    const a = idKey('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f');
    assert.equal(a, idKey('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'));
    assert.ok(Number.isSafeInteger(a) && a >= 0 && a < 2 ** 52);
    assert.notEqual(a, idKey('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd40'));
  });
});

describe('SQLite migration 7: audit events indexed by object organization when they have one', () => {
  test('events about no local organization get no entry; the org-admin query still uses the index', async () => {
    const path = join(dir, 'v7.db');
    const store = SqliteStore.open(path, { backgroundCheckpoints: false });
    await store.migrate();
    const event = (objectOrganizationId?: string) => ({
      at: '2026-11-01T00:00:00.000Z',
      action: 'object.read',
      actorKind: 'user' as const,
      via: 'taxii',
      objectId: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      ...(objectOrganizationId ? { objectOrganizationId } : {}),
    });
    await store.appendAudit([event('org-a'), event(), event(), event('org-a')]);
    const mine = await store.queryAudit({ objectOrganizationId: 'org-a', limit: 10 });
    assert.equal(mine.items.length, 2);
    await store.close();

    const check = new Database(path, { readonly: true });
    const index = check
      .prepare("SELECT sql FROM sqlite_master WHERE name = 'audit_events_object_organization'")
      .get() as { sql: string };
    assert.match(index.sql, /WHERE object_organization_id IS NOT NULL/);
    const select = auditSelect({ objectOrganizationId: 'org-a', limit: 10 }, SQLITE_DIALECT, 100);
    const plan = check.prepare(`EXPLAIN QUERY PLAN ${select.sql}`).all(...select.params) as {
      detail: string;
    }[];
    assert.ok(
      plan.some((row) => row.detail.includes('audit_events_object_organization')),
      JSON.stringify(plan),
    );
    check.close();
  });
});
