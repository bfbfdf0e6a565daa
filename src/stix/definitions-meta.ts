import { closed, dict, str, strs, ts, type TypeDefinition } from './property-spec.js';
import { EXTENSION_TYPES } from './vocabularies.js';

/** STIX 2.1 meta objects (§7): marking definitions, extension definitions, language content. */
export const META_DEFINITIONS: Readonly<Record<string, TypeDefinition>> = {
  'marking-definition': {
    category: 'meta',
    required: ['created'],
    properties: { name: str, definition_type: str, definition: { kind: 'object' } },
  },
  'extension-definition': {
    category: 'meta',
    required: [
      'created',
      'modified',
      'created_by_ref',
      'name',
      'schema',
      'version',
      'extension_types',
    ],
    properties: {
      name: str,
      description: str,
      schema: str,
      version: str,
      extension_types: { kind: 'list' },
      extension_properties: strs,
    },
  },
  'language-content': {
    category: 'meta',
    required: ['created', 'modified', 'object_ref', 'contents'],
    properties: { object_ref: { kind: 'ref', to: ['any'] }, object_modified: ts, contents: dict },
  },
};

/** Allowed members of `extension_types` (closed, §7.3). */
export const EXTENSION_TYPE_VALUES = closed(...EXTENSION_TYPES);
