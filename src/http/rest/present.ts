import type { ObjectPage, StoredVersion } from '../../store/store.js';
import type { IngestReport } from '../../intel/ingest.js';

/** Wire form of a page of objects: the STIX objects as stored, plus paging. */
export function presentObjectPage(page: ObjectPage): {
  objects: unknown[];
  more: boolean;
  next?: string;
} {
  return {
    objects: page.items.map((v) => v.object),
    more: page.next !== undefined,
    ...(page.next !== undefined ? { next: page.next } : {}),
  };
}

/** Wire form of one object's versions (latest, or all with `?version=all`). */
export function presentVersions(versions: readonly StoredVersion[]): { objects: unknown[] } {
  return { objects: versions.map((v) => v.object) };
}

/** Wire form of an ingest: totals first, then one result per input object. */
export function presentIngestReport(report: IngestReport): Record<string, unknown> {
  return { totals: report.totals, results: report.results };
}
