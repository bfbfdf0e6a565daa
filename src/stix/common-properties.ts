import { checkProperty, checkRef, type Reporter } from './check-property.js';
import { identifierType } from './ids.js';
import { pointerSegment } from './input-safety.js';
import type { PropertySpec } from './property-spec.js';
import { EXTENSION_TYPES, PREDEFINED_EXTENSIONS } from './vocabularies.js';

type Obj = Record<string, unknown>;

/** Common properties of SDOs, SROs and meta objects (STIX 2.1 §3.2), checked by shape. */
export const COMMON_PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  spec_version: { kind: 'string' },
  created: { kind: 'timestamp' },
  modified: { kind: 'timestamp' },
  created_by_ref: { kind: 'ref', to: ['identity'] },
  revoked: { kind: 'boolean' },
  labels: { kind: 'strings' },
  confidence: { kind: 'integer', min: 0, max: 100 },
  lang: { kind: 'string' },
  object_marking_refs: { kind: 'refs', to: ['marking-definition'] },
  defanged: { kind: 'boolean' },
};

/** Structured common properties: external references, granular markings, extensions. */
export function checkStructuredCommon(object: Obj, report: Reporter): void {
  if (object.external_references !== undefined)
    checkExternalReferences(object.external_references, report);
  if (object.kill_chain_phases !== undefined)
    checkKillChainPhases(object.kill_chain_phases, report);
  if (object.granular_markings !== undefined)
    checkGranularMarkings(object.granular_markings, report);
  if (object.extensions !== undefined) checkExtensions(object.extensions, report);
}

function isRecord(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkExternalReferences(value: unknown, report: Reporter): void {
  if (!Array.isArray(value))
    return report.error(
      '/external_references',
      'type',
      '"external_references" must be a list of objects.',
    );
  value.forEach((ref, i) => {
    const at = `/external_references/${i}`;
    if (!isRecord(ref))
      return report.error(at, 'type', 'Each external reference must be an object.');
    if (typeof ref.source_name !== 'string')
      report.error(
        `${at}/source_name`,
        'required',
        'An external reference needs a "source_name" string.',
      );
    for (const key of ['description', 'url', 'external_id'] as const) {
      if (ref[key] !== undefined)
        checkProperty(key, ref[key], { kind: 'string' }, `${at}/${key}`, report);
    }
    if (ref.hashes !== undefined)
      checkProperty('hashes', ref.hashes, { kind: 'hashes' }, `${at}/hashes`, report);
    if (ref.description === undefined && ref.url === undefined && ref.external_id === undefined) {
      report.warning(
        at,
        'external-reference-content',
        'An external reference should carry a "description", "url" or "external_id" besides "source_name".',
      );
    }
  });
}

function checkKillChainPhases(value: unknown, report: Reporter): void {
  if (!Array.isArray(value))
    return report.error(
      '/kill_chain_phases',
      'type',
      '"kill_chain_phases" must be a list of objects.',
    );
  value.forEach((phase, i) => {
    const at = `/kill_chain_phases/${i}`;
    if (!isRecord(phase))
      return report.error(at, 'type', 'Each kill chain phase must be an object.');
    for (const key of ['kill_chain_name', 'phase_name'] as const) {
      if (typeof phase[key] !== 'string')
        report.error(`${at}/${key}`, 'required', `A kill chain phase needs a "${key}" string.`);
    }
  });
}

/** Granular marking selectors (§7.2.3): a dotted path of property names and list indexes. */
const SELECTOR = /^[a-z0-9_]+(\.([a-z0-9_]+|\[\d+\]|\d+))*$/i;

function checkGranularMarkings(value: unknown, report: Reporter): void {
  if (!Array.isArray(value))
    return report.error(
      '/granular_markings',
      'type',
      '"granular_markings" must be a list of objects.',
    );
  value.forEach((marking, i) => {
    const at = `/granular_markings/${i}`;
    if (!isRecord(marking))
      return report.error(at, 'type', 'Each granular marking must be an object.');
    const hasRef = marking.marking_ref !== undefined;
    const hasLang = marking.lang !== undefined;
    if (hasRef === hasLang)
      report.error(
        at,
        'granular-marking',
        'A granular marking needs exactly one of "marking_ref" and "lang".',
      );
    if (hasRef)
      checkRef(
        marking.marking_ref,
        ['marking-definition'],
        'marking_ref',
        `${at}/marking_ref`,
        report,
      );
    if (hasLang && typeof marking.lang !== 'string')
      report.error(`${at}/lang`, 'type', '"lang" must be a string.');
    const selectors = marking.selectors;
    if (!Array.isArray(selectors) || selectors.length === 0) {
      return report.error(
        `${at}/selectors`,
        'required',
        'A granular marking needs a non-empty "selectors" list.',
      );
    }
    selectors.forEach((s, j) => {
      if (typeof s !== 'string' || !SELECTOR.test(s)) {
        report.error(
          `${at}/selectors/${j}`,
          'selector',
          `Selector ${JSON.stringify(s).slice(0, 80)} is not a property path such as "description" or "external_references.[0].url".`,
        );
      }
    });
  });
}

/** True when one of the object's extensions has this `extension_type` (§7.3). */
export function hasExtensionOfType(object: Obj, ...types: string[]): boolean {
  return (
    isRecord(object.extensions) &&
    Object.values(object.extensions).some(
      (e) => isRecord(e) && types.includes(e.extension_type as string),
    )
  );
}

function checkExtensions(value: unknown, report: Reporter): void {
  if (!isRecord(value))
    return report.error(
      '/extensions',
      'type',
      '"extensions" must be an object keyed by extension name.',
    );
  for (const [key, ext] of Object.entries(value)) {
    const at = `/extensions/${pointerSegment(key)}`;
    if (!isRecord(ext)) report.error(at, 'type', 'Each extension must be an object.');
    if (key.startsWith('extension-definition--')) {
      if (identifierType(key) !== 'extension-definition')
        report.error(
          at,
          'extension-key',
          `"${key.slice(0, 80)}" is not a valid extension-definition identifier.`,
        );
      if (
        isRecord(ext) &&
        ext.extension_type !== undefined &&
        !EXTENSION_TYPES.includes(ext.extension_type as string)
      ) {
        report.error(
          `${at}/extension_type`,
          'closed-vocabulary',
          `"extension_type" must be one of ${EXTENSION_TYPES.join(', ')}.`,
        );
      }
    } else if (!PREDEFINED_EXTENSIONS.has(key)) {
      if (!/^[a-z0-9-]{3,250}$/.test(key))
        report.error(
          at,
          'extension-key',
          `Extension name "${key.slice(0, 80)}" must be an extension-definition id or a predefined extension name.`,
        );
      else
        report.warning(
          at,
          'custom-extension',
          `"${key}" is a custom extension without an extension definition (deprecated in STIX 2.1).`,
        );
    }
  }
}
