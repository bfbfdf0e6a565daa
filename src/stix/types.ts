/**
 * STIX 2.1 object types. `StixObject` is the general shape every stored object has (custom
 * objects included); the specific interfaces below narrow it per type.
 */
export interface StixObject {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  created_by_ref?: string;
  revoked?: boolean;
  object_marking_refs?: string[];
  granular_markings?: GranularMarking[];
  [property: string]: unknown;
}

export interface GranularMarking {
  marking_ref?: string;
  lang?: string;
  selectors: string[];
}

export interface Bundle {
  type: 'bundle';
  id: string;
  objects?: StixObject[];
}
