import type { StixObject } from './types.js';

/**
 * The version key of an object (STIX 2.1 §3.6): `modified`, else `created` (marking
 * definitions and other objects without `modified`), else undefined: SCOs are not versioned.
 */
export function versionKey(object: StixObject): string | undefined {
  return object.modified ?? object.created;
}
