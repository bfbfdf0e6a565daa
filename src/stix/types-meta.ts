import type { Identifier, StixObject, Timestamp } from './types.js';

/** §7.2: a marking definition, in the TLP 1.0 / statement form or defined by an extension. */
export interface MarkingDefinition extends StixObject {
  type: 'marking-definition';
  id: Identifier<'marking-definition'>;
  spec_version: '2.1';
  created: Timestamp;
  name?: string;
  /** 'statement' or 'tlp' in the spec; other values come with their own definitions. */
  definition_type?: string;
  definition?:
    { statement: string } | { tlp: 'white' | 'green' | 'amber' | 'red' } | Record<string, unknown>;
}

/** §7.3: the definition of an extension (new object types or properties). */
export interface ExtensionDefinition extends StixObject {
  type: 'extension-definition';
  id: Identifier<'extension-definition'>;
  spec_version: '2.1';
  created: Timestamp;
  modified: Timestamp;
  created_by_ref: string;
  name: string;
  description?: string;
  schema: string;
  version: string;
  extension_types: (
    'new-sdo' | 'new-sco' | 'new-sro' | 'property-extension' | 'toplevel-property-extension'
  )[];
  extension_properties?: string[];
}

/** §7.1: translations of another object's text properties. */
export interface LanguageContent extends StixObject {
  type: 'language-content';
  id: Identifier<'language-content'>;
  spec_version: '2.1';
  created: Timestamp;
  modified: Timestamp;
  object_ref: string;
  object_modified?: Timestamp;
  contents: Record<string, Record<string, unknown>>;
}

export type MetaObject = MarkingDefinition | ExtensionDefinition | LanguageContent;
