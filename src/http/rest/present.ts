import type { ObjectPage, StoredVersion } from '../../store/store.js';
import type { IngestReport } from '../../intel/ingest.js';
import { redact } from '../../policy/redact.js';
import type { Viewer } from '../../policy/viewer.js';
import { jsonWithList, visibleJson } from '../visible-json.js';

/** A stored version as this viewer may see it (granular markings applied). */
function visibleObject(version: StoredVersion, viewer: Viewer): unknown {
  return redact(version.object, version.granular, viewer);
}

/**
 * Wire form of a page of objects, as UTF-8 JSON: `{"more", "next"?, "objects"}`, the STIX
 * objects as the viewer may see them (the stored text where nothing is hidden).
 */
export function presentObjectPage(page: ObjectPage, viewer: Viewer): Buffer {
  return jsonWithList(
    { more: page.next !== undefined, ...(page.next !== undefined ? { next: page.next } : {}) },
    'objects',
    page.items.map((v) => visibleJson(v, viewer)),
  );
}

/** Wire form of one object's versions (latest, or all with `?version=all`). */
export function presentVersions(
  versions: readonly StoredVersion[],
  viewer: Viewer,
): { objects: unknown[] } {
  return { objects: versions.map((v) => visibleObject(v, viewer)) };
}

/** Wire form of an ingest: totals first, then one result per input object. */
export function presentIngestReport(report: IngestReport): Record<string, unknown> {
  return { totals: report.totals, results: report.results };
}
