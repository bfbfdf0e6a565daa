import { closedList, dict, ref, str, strs, ts, type TypeDefinition } from './property-spec.js';
import { EXTENSION_TYPES } from './vocabularies.js';

/**
 * STIX 2.1 meta objects (§7): language content, marking definitions, extension definitions.
 * Which common properties each one takes is in `common-properties.ts`; the marking definition
 * forms (TLP 1.0, statement, extension-defined) are checked in `marking-rules.ts`.
 */
export const META_DEFINITIONS: Readonly<Record<string, TypeDefinition>> = {
  'language-content': {
    category: 'meta',
    required: ['object_ref', 'contents'],
    properties: {
      object_ref: ref('sdo', 'sro', 'sco', 'marking-definition', 'extension-definition', 'custom'),
      object_modified: ts,
      contents: dict,
    },
  },
  'marking-definition': {
    category: 'meta',
    required: [],
    properties: { name: str, definition_type: str, definition: { kind: 'object' } },
  },
  'extension-definition': {
    category: 'meta',
    required: ['created_by_ref', 'name', 'schema', 'version', 'extension_types'],
    properties: {
      name: str,
      description: str,
      schema: str,
      version: str,
      extension_types: closedList(...EXTENSION_TYPES),
      extension_properties: strs,
    },
  },
};
