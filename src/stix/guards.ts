import { isMetaType, isScoType, isSdoType, isSroType, typeCategory } from './ids.js';
import type { StixObject, StixType, StixTypeMap } from './types.js';

/** A `StixObject` known to be of one STIX 2.1 type, with that type's properties. */
export type StixObjectOf<T extends StixType> = StixObject & StixTypeMap[T];

/**
 * True when `value` has the shape every stored object has: a JSON object with string `type`
 * and `id`. A cheap pre-check, not validation (use `validateStixObject` for that).
 */
export function isStixObject(value: unknown): value is StixObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { type, id } = value as { type?: unknown; id?: unknown };
  return typeof type === 'string' && typeof id === 'string';
}

/** Narrows an object to one STIX 2.1 type by its `type` (trusts that it was validated). */
export function isStixObjectOfType<T extends StixType>(
  object: StixObject,
  type: T,
): object is StixObjectOf<T> {
  return object.type === type;
}

/** True for an object whose type is one of the 19 SDOs (§4). */
export function isSdo(object: StixObject): boolean {
  return isSdoType(object.type);
}

/** True for a relationship or a sighting (§5). */
export function isSro(object: StixObject): boolean {
  return isSroType(object.type);
}

/** True for an object whose type is one of the 18 SCOs (§6). */
export function isSco(object: StixObject): boolean {
  return isScoType(object.type);
}

/** True for a marking definition, extension definition or language content (§7). */
export function isMetaObject(object: StixObject): boolean {
  return isMetaType(object.type);
}

/** True for an object of a type STIX 2.1 does not define (an `x-` type or one an extension defines). */
export function isCustomObject(object: StixObject): boolean {
  return typeCategory(object.type) === 'custom';
}
