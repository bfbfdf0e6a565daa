import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { validateStixObject } from '../src/stix/validate.js';
import { sharedDataSkip, sharedPath } from './support/shared-data.js';

function filesIn(folder: string): string[] {
  const dir = sharedPath(folder);
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((p) => p.endsWith('.json') && statSync(p).isFile());
}

const sets: [string, () => string[]][] = [
  ['stix21/examples', () => filesIn('stix21/examples')],
  ['attack', () => filesIn('attack')],
  ['stix21/tlp2-marking-definitions', () => filesIn('stix21/tlp2-marking-definitions')],
  ['stix21/incident-extension', () => filesIn('stix21/incident-extension')],
];

describe('STIX validator :: real public data validates with zero errors', () => {
  for (const [folder, files] of sets) {
    test(`every object in ${folder}`, { skip: sharedDataSkip(folder) }, () => {
      let objects = 0;
      let warnings = 0;
      for (const file of files()) {
        const document = JSON.parse(readFileSync(file, 'utf8')) as {
          type: string;
          objects?: unknown[];
        };
        for (const object of document.type === 'bundle' ? (document.objects ?? []) : [document]) {
          const result = validateStixObject(object);
          assert.deepEqual(result.errors, [], `${file}: ${(object as { id: string }).id}`);
          objects++;
          warnings += result.warnings.length;
        }
      }
      assert.ok(objects > 0);
      console.log(`# ${folder}: ${objects} objects, 0 errors, ${warnings} warnings`);
    });
  }
});
