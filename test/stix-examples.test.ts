import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { canonicalJson } from '../src/stix/canonical-json.js';
import { deterministicScoId, isScoType, uuidVersion } from '../src/stix/ids.js';
import type { StixObject } from '../src/stix/types.js';
import { validateStixObject } from '../src/stix/validate.js';
import { compareVersionKeys, decideVersion, versionKey } from '../src/stix/versioning.js';
import { REPO_ROOT, sharedDataSkip, sharedPath } from './support/shared-data.js';

/** JSON files of a shared-data folder (and of its sub-folders, e.g. examples/schemas-repo). */
function filesIn(folder: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return path.endsWith('.json') ? [path] : [];
    });
  return walk(sharedPath(folder));
}

/** The objects of a bundle, or the document itself when it is a single object. */
function objectsOf(file: string): StixObject[] {
  const document = JSON.parse(readFileSync(file, 'utf8')) as {
    type: string;
    objects?: StixObject[];
  };
  return document.type === 'bundle' ? (document.objects ?? []) : [document as StixObject];
}

const ATTACK = [
  'ics-attack-18.1.json',
  'ics-attack-17.1.json',
  'mobile-attack-17.1.json',
  'derived-wannacry-notpetya-from-ics-attack-18.1.json',
];
const sets: [string, string | undefined, () => string[]][] = [
  ['OASIS STIX 2.1 examples', sharedDataSkip('stix21/examples'), () => filesIn('stix21/examples')],
  ['ATT&CK bundles', sharedDataSkip('attack'), () => ATTACK.map((f) => sharedPath(`attack/${f}`))],
  [
    'OASIS TLP 2.0 marking definitions',
    sharedDataSkip('stix21/tlp2-marking-definitions'),
    () => filesIn('stix21/tlp2-marking-definitions'),
  ],
  [
    'OASIS incident extension example',
    sharedDataSkip('stix21/incident-extension/incident_ransom.json'),
    () => [sharedPath('stix21/incident-extension/incident_ransom.json')],
  ],
];
const DEMO = join(REPO_ROOT, 'data/demo/wannacry-2017.json');

describe('STIX validator :: real public data validates with zero errors', () => {
  for (const [name, skip, files] of sets) {
    test(`every object of the ${name}`, { skip }, () => {
      let objects = 0;
      const warnings = new Map<string, number>();
      for (const file of files()) {
        for (const object of objectsOf(file)) {
          const result = validateStixObject(object);
          assert.deepEqual(result.errors, [], `${file}: ${object.id}`);
          objects++;
          for (const w of result.warnings) warnings.set(w.rule, (warnings.get(w.rule) ?? 0) + 1);
        }
      }
      assert.ok(objects > 0);
      const summary = [...warnings].map(([rule, n]) => `${rule} ${n}`).join(', ') || 'none';
      console.log(`${name}: ${objects} objects, 0 errors; warnings: ${summary}`);
    });
  }

  test(
    'every object of the WannaCry demo dataset',
    { skip: existsSync(DEMO) ? undefined : `${DEMO} not found` },
    () => {
      for (const object of objectsOf(DEMO))
        assert.deepEqual(validateStixObject(object).errors, [], object.id);
    },
  );
});

describe('deterministic SCO ids :: the SCOs of the OASIS examples', () => {
  const skip = sharedDataSkip('stix21');
  test('every UUIDv5 SCO id in the examples is the id we compute', { skip }, () => {
    let checked = 0;
    const files = [...filesIn('stix21/examples'), ...filesIn('stix21/incident-extension')];
    for (const file of files) {
      for (const object of objectsOf(file)) {
        if (!isScoType(object.type) || uuidVersion(object.id) !== 5) continue;
        assert.equal(deterministicScoId(object), object.id, `${file}: ${object.type}`);
        checked++;
      }
    }
    assert.ok(checked >= 3, `only ${checked} deterministic SCO ids found`);
  });
});

describe('versioning :: ICS ATT&CK 17.1 then 18.1 through decideVersion', () => {
  const skip =
    sharedDataSkip('attack/ics-attack-17.1.json') ?? sharedDataSkip('attack/ics-attack-18.1.json');
  test(
    'identical versions are unchanged, newer ones the new latest, changed bodies under one "modified" conflicts',
    { skip },
    () => {
      const older = new Map(
        objectsOf(sharedPath('attack/ics-attack-17.1.json')).map((o) => [o.id, o]),
      );
      const seen = new Map<string, number>();
      for (const object of objectsOf(sharedPath('attack/ics-attack-18.1.json'))) {
        const stored = older.get(object.id);
        if (!stored) continue;
        const row = {
          version: versionKey(stored),
          body: JSON.stringify(stored),
          revoked: stored.revoked === true,
          createdByRef: stored.created_by_ref ?? null,
          created: stored.created ?? null,
        };
        const decision = decideVersion(object, [row]);
        const same = canonicalJson(object) === canonicalJson(stored);
        const order = compareVersionKeys(versionKey(object), row.version);
        const expected = same
          ? { kind: 'unchanged' }
          : order === 0
            ? { kind: 'conflict' }
            : { kind: 'new-version', latest: order > 0 };
        assert.deepEqual(
          'message' in decision ? { kind: decision.kind } : decision,
          expected,
          object.id,
        );
        seen.set(decision.kind, (seen.get(decision.kind) ?? 0) + 1);
      }
      // This pair of real releases has all three cases, conflicts included (ATT&CK edited some
      // objects without a newer "modified").
      assert.deepEqual([...seen.keys()].sort(), ['conflict', 'new-version', 'unchanged']);
      console.log(
        `# ICS ATT&CK 17.1 -> 18.1: ${[...seen].map(([k, n]) => `${k} ${n}`).join(', ')}`,
      );
    },
  );
});
