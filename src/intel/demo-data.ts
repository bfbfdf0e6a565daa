import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of the WannaCry 2017 demo bundle shipped with Shura (`data/demo/`). */
export const DEMO_BUNDLE_PATH = fileURLToPath(
  new URL('../../data/demo/wannacry-2017.json', import.meta.url),
);

/** The demo bundle's objects (written for Shura from public reporting; see data/demo/README.md). */
export function loadDemoObjects(): unknown[] {
  const bundle = JSON.parse(readFileSync(DEMO_BUNDLE_PATH, 'utf8')) as { objects?: unknown[] };
  return bundle.objects ?? [];
}
