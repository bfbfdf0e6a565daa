import type { StixObject } from '../../stix/types.js';
import type { ObjectWrite } from '../store.js';

let counter = 0;

/** A fresh indicator id (unique within a test process). */
export function newId(type = 'indicator'): string {
  counter++;
  return `${type}--0c7b5b88-8ff7-4a4d-aa9d-${counter.toString(16).padStart(12, '0')}`;
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

/** A write of `object` visible to the given audience tokens (default: org:a). */
export function write(
  object: StixObject,
  audience: string[] = ['org:a'],
  submittedBy = 'a',
): ObjectWrite {
  return { object, version: object.modified ?? object.created, audience, submittedBy };
}
