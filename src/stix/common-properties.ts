import { checkProperty, checkRef, isRecord, type Reporter } from './check-property.js';
import type { PropertySpec } from './property-spec.js';

type Obj = Record<string, unknown>;

/** Shapes of the common properties (STIX 2.1 §3.2) that are not structured types. */
export const COMMON_PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  spec_version: { kind: 'string' },
  created_by_ref: { kind: 'ref', to: ['identity'] },
  created: { kind: 'timestamp' },
  modified: { kind: 'timestamp' },
  revoked: { kind: 'boolean' },
  labels: { kind: 'strings' },
  confidence: { kind: 'integer', min: 0, max: 100 },
  lang: { kind: 'string' },
  object_marking_refs: { kind: 'refs', to: ['marking-definition'] },
  defanged: { kind: 'boolean' },
};

/** Which common properties an object family takes, and which of them it requires. */
export interface CommonProfile {
  name: string;
  applicable: ReadonlySet<string>;
  required: readonly string[];
}

const profile = (name: string, required: string[], optional: string[]): CommonProfile => ({
  name,
  required,
  applicable: new Set(['type', 'id', ...required, ...optional]),
});
const MARKINGS = ['object_marking_refs', 'granular_markings'];

/** The common property table of STIX 2.1 §3.2, one profile per column. */
export const COMMON_PROFILES = {
  core: profile(
    'SDOs and SROs',
    ['spec_version', 'created', 'modified'],
    [
      'created_by_ref',
      'revoked',
      'labels',
      'confidence',
      'lang',
      'external_references',
      ...MARKINGS,
      'extensions',
    ],
  ),
  sco: profile('SCOs', [], ['spec_version', ...MARKINGS, 'defanged', 'extensions']),
  'extension-definition': profile(
    'extension definitions',
    ['spec_version', 'created_by_ref', 'created', 'modified'],
    ['revoked', 'labels', 'external_references', ...MARKINGS],
  ),
  'language-content': profile(
    'language content',
    ['spec_version', 'created', 'modified'],
    [
      'created_by_ref',
      'revoked',
      'labels',
      'confidence',
      'external_references',
      ...MARKINGS,
      'extensions',
    ],
  ),
  'marking-definition': profile(
    'marking definitions',
    ['spec_version', 'created'],
    ['created_by_ref', 'external_references', ...MARKINGS, 'extensions'],
  ),
  /** Custom objects: nothing beyond type and id is required, every common property allowed. */
  custom: profile(
    'custom objects',
    [],
    [
      'spec_version',
      'created_by_ref',
      'created',
      'modified',
      'revoked',
      'labels',
      'confidence',
      'lang',
      'external_references',
      ...MARKINGS,
      'defanged',
      'extensions',
    ],
  ),
} as const;

/** Every common property name, applicable or not to a given family. */
export const ALL_COMMON: ReadonlySet<string> = COMMON_PROFILES.custom.applicable;

const KILL_CHAIN_WORDS = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
const CAPEC_ID = /^CAPEC-\d+$/;

/**
 * A list-of-objects property: refuses a non-list and an empty list (§3: lists may not be
 * empty), reports each item that is not an object, and visits the others with their pointer.
 */
function forEachRecord(
  name: string,
  value: unknown,
  what: string,
  report: Reporter,
  visit: (item: Obj, at: string) => void,
): void {
  if (!Array.isArray(value))
    return report.error(`/${name}`, 'type', `"${name}" must be a list of objects.`);
  if (value.length === 0)
    return report.error(`/${name}`, 'empty-list', `"${name}" is an empty list; omit it instead.`);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    const at = `/${name}/${i}`;
    if (isRecord(item)) visit(item, at);
    else report.error(at, 'type', `Each ${what} must be an object.`);
  }
}

/** §2.5: `source_name` and at least one of `description`, `url`, `external_id`. */
export function checkExternalReferences(value: unknown, report: Reporter): void {
  forEachRecord('external_references', value, 'external reference', report, (ref, at) => {
    if (ref.source_name === undefined)
      report.error(`${at}/source_name`, 'required', 'An external reference needs a "source_name".');
    for (const key of ['source_name', 'description', 'url', 'external_id'] as const) {
      if (ref[key] !== undefined)
        checkProperty(key, ref[key], { kind: 'string' }, `${at}/${key}`, report);
    }
    if (ref.hashes !== undefined)
      checkProperty('hashes', ref.hashes, { kind: 'hashes' }, `${at}/hashes`, report);
    if (ref.description === undefined && ref.url === undefined && ref.external_id === undefined) {
      report.error(
        at,
        'external-reference-content',
        'An external reference needs a "description", "url" or "external_id" besides "source_name" (STIX 2.1 §2.5.2).',
      );
    }
    const id = ref.external_id;
    if (typeof id === 'string') {
      if (ref.source_name === 'cve' && !CVE_ID.test(id))
        report.warning(
          `${at}/external_id`,
          'external-id',
          `A "cve" external reference should carry a CVE id such as CVE-2017-0144, not "${id.slice(0, 40)}".`,
        );
      if (ref.source_name === 'capec' && !CAPEC_ID.test(id))
        report.warning(
          `${at}/external_id`,
          'external-id',
          `A "capec" external reference should carry an id such as CAPEC-550, not "${id.slice(0, 40)}".`,
        );
    }
  });
}

/** §2.11: both names required; they SHOULD be lower case with hyphens. */
export function checkKillChainPhases(value: unknown, report: Reporter): void {
  forEachRecord('kill_chain_phases', value, 'kill chain phase', report, (phase, at) => {
    for (const key of ['kill_chain_name', 'phase_name'] as const) {
      const name = phase[key];
      if (name === undefined)
        report.error(`${at}/${key}`, 'required', `A kill chain phase needs a "${key}".`);
      else if (typeof name !== 'string')
        report.error(`${at}/${key}`, 'type', `"${key}" must be a string.`);
      else if (!KILL_CHAIN_WORDS.test(name))
        report.warning(
          `${at}/${key}`,
          'kill-chain-name',
          `"${name.slice(0, 80)}" should be lower case with hyphens between words (STIX 2.1 §2.11).`,
        );
    }
  });
}

/** Granular marking selectors (§7.2.3.1): a property name, then `.name` or `.[index]` steps. */
const SELECTOR = /^(?:[a-z0-9_-]{3,249}(?:\.(?:\[\d+\]|[a-z0-9_-]{1,250}))*|id)$/;

/** Whether a selector reaches a property or list item that exists in the object. */
function resolves(object: Obj, selector: string): boolean {
  let node: unknown = object;
  for (const step of selector.split('.')) {
    if (step.startsWith('[')) {
      if (!Array.isArray(node)) return false;
      node = node[Number(step.slice(1, -1))];
    } else {
      if (!isRecord(node) || !Object.hasOwn(node, step)) return false;
      node = node[step];
    }
    if (node === undefined) return false;
  }
  return true;
}

/** §7.2.3: exactly one of `marking_ref` and `lang`, and selectors that resolve in the object. */
export function checkGranularMarkings(object: Obj, report: Reporter): void {
  const value = object.granular_markings;
  forEachRecord('granular_markings', value, 'granular marking', report, (marking, at) => {
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
    if (hasRef && marking.marking_ref === object.id)
      report.error(
        `${at}/marking_ref`,
        'circular-marking',
        'A marking definition may not mark itself (STIX 2.1 §3.2).',
      );
    if (hasLang && typeof marking.lang !== 'string')
      report.error(`${at}/lang`, 'type', '"lang" must be a string.');
    const selectors = marking.selectors;
    if (!Array.isArray(selectors) || selectors.length === 0) {
      report.error(
        `${at}/selectors`,
        'required',
        'A granular marking needs a non-empty "selectors" list.',
      );
      return;
    }
    for (let j = 0; j < selectors.length; j++) {
      const selector: unknown = selectors[j];
      if (typeof selector !== 'string' || !SELECTOR.test(selector)) {
        report.error(
          `${at}/selectors/${j}`,
          'selector',
          `Selector ${JSON.stringify(selector).slice(0, 80)} is not a property path such as "description" or "external_references.[0].url".`,
        );
      } else if (!resolves(object, selector)) {
        report.error(
          `${at}/selectors/${j}`,
          'selector-unresolved',
          `Selector "${selector}" does not point to a property or list item of this object.`,
        );
      }
    }
  });
}
