import type { StixObject } from '../../stix/types.js';
import type { Viewer } from '../../policy/viewer.js';
import type { ObjectWrite } from '../store.js';

let counter = 0;

/** A fresh STIX id of the given type (unique within a test process). */
export function newId(type = 'indicator'): string {
  counter++;
  return `${type}--0c7b5b88-8ff7-4a4d-aa9d-${counter.toString(16).padStart(12, '0')}`;
}

/** A fresh audience token and the viewer holding only it: isolates one test's rows. */
export function isolatedViewer(prefix = 'org'): { token: string; viewer: Viewer } {
  const token = `${prefix}:${newId('t').slice(-12)}`;
  return { token, viewer: { tokens: [token] } };
}

/** A valid indicator; `modified` defaults to `created`. */
export function indicator(overrides: Partial<StixObject> = {}): StixObject {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: newId(),
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    pattern: "[ipv4-addr:value = '203.0.113.7']",
    pattern_type: 'stix',
    valid_from: '2024-01-01T00:00:00Z',
    ...overrides,
  };
}

/** A malware family. */
export function malware(overrides: Partial<StixObject> = {}): StixObject {
  return {
    type: 'malware',
    spec_version: '2.1',
    id: newId('malware'),
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    name: 'WannaCry',
    is_family: true,
    ...overrides,
  };
}

/** A domain-name SCO: no `created`/`modified`, so no version key. */
export function domainName(value = 'example.org'): StixObject {
  return { type: 'domain-name', spec_version: '2.1', id: newId('domain-name'), value };
}

/** A later version of `object` (same id and creator), with `changes` applied. */
export function nextVersion(
  object: StixObject,
  modified: string,
  changes: Partial<StixObject> = {},
): StixObject {
  return { ...object, modified, ...changes };
}

/** A write of `object` visible to the given audience tokens (default: org:a). */
export function write(
  object: StixObject,
  audience: readonly string[] = ['org:a'],
  submittedBy = 'a',
): ObjectWrite {
  return {
    object,
    version: object.modified ?? object.created,
    audience: [...audience],
    submittedBy,
  };
}
