// ESLint flat config: type-aware rules plus the layer rules of DESIGN.md
// (dependencies point down only: interfaces -> services -> store -> policy -> pattern -> stix).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (name) => [`**/${name}/**`, `**/${name}`];

/** A config block forbidding `files` from importing the named layers, with the reason. */
function forbid(files, layers, why) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: layers.flatMap(layer),
              message: why,
            },
          ],
        },
      ],
    },
  };
}

const services = ['intel', 'identity', 'audit', 'correlate', 'incidents', 'federation', 'formats'];
const interfaces = ['http', 'cli'];
const concreteStores = ['store/sqlite', 'store/postgres'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-bench/**',
      'shura-data/**',
      '.bench-data/**',
      'scripts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's test()/describe() return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  forbid(
    ['src/stix/**'],
    ['pattern', 'policy', 'store', ...services, ...interfaces],
    'stix/ is the pure STIX 2.1 core: it depends on no other layer (DESIGN.md, Layers).',
  ),
  forbid(
    ['src/pattern/**'],
    ['policy', 'store', ...services, ...interfaces],
    'pattern/ is pure STIX patterning: it may use stix/ only (DESIGN.md, Layers).',
  ),
  forbid(
    ['src/policy/**'],
    ['store', ...services, ...interfaces],
    'policy/ answers who may see what from pure data: it may use stix/ and pattern/ only.',
  ),
  forbid(
    ['src/store/**'],
    [...services, ...interfaces],
    'store/ is persistence: services and interfaces depend on it, never the reverse.',
  ),
  forbid(
    services.map((s) => `src/${s}/**`),
    [...interfaces, ...concreteStores],
    'Services take a Store as a parameter: only main.ts picks a concrete backend, and services never reach up into http/ or cli/.',
  ),
  forbid(
    ['src/http/**'],
    ['cli', ...concreteStores],
    'http/ is a thin interface over services: it never picks a concrete store (main.ts does) nor uses the CLI.',
  ),
  forbid(
    ['src/cli/**'],
    concreteStores,
    'The CLI gets its store from main.ts, the composition root; it never opens a backend itself.',
  ),
);
