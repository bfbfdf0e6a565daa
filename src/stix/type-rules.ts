import type { Reporter } from './check-property.js';
import { checkMarkingDefinition } from './marking-rules.js';
import { checkRelationship } from './relationship-rules.js';
import { ownEntry } from './own-entry.js';

type Obj = Record<string, unknown>;

/** Abbreviated hive names §6.17 forbids ("HKEY_LOCAL_MACHINE", not "HKLM"). */
const ABBREVIATED_HIVE = /^(?:hklm|hkcc|hkcr|hkcu|hku)(?:\\|$)/i;

/** Per-type rules that a property table cannot express, by type name. */
const RULES: Readonly<Record<string, (object: Obj, report: Reporter) => void>> = {
  relationship: checkRelationship,
  'marking-definition': checkMarkingDefinition,
  malware(object, report) {
    if (object.is_family === true && object.name === undefined)
      report.error(
        '/name',
        'required',
        'A malware family (is_family true) requires "name" (STIX 2.1 §4.11).',
      );
  },
  'observed-data'(object, report) {
    if (object.objects !== undefined)
      report.warning(
        '/objects',
        'deprecated',
        '"objects" is deprecated in STIX 2.1; reference SCOs with "object_refs".',
      );
  },
  'email-message'(object, report) {
    if (object.is_multipart === true && object.body !== undefined)
      report.error(
        '/body',
        'exclusive',
        '"body" is only for a message whose "is_multipart" is false; use "body_multipart".',
      );
    if (object.is_multipart === false && object.body_multipart !== undefined)
      report.error(
        '/body_multipart',
        'exclusive',
        '"body_multipart" is only for a message whose "is_multipart" is true.',
      );
  },
  'network-traffic'(object, report) {
    if (object.is_active === true && object.end !== undefined)
      report.error(
        '/end',
        'exclusive',
        'Active network traffic ("is_active" true) has no "end" (STIX 2.1 §6.12).',
      );
  },
  'windows-registry-key'(object, report) {
    if (typeof object.key === 'string' && ABBREVIATED_HIVE.test(object.key))
      report.error(
        '/key',
        'format',
        'The hive of "key" must be spelled out (HKEY_LOCAL_MACHINE, not HKLM; STIX 2.1 §6.17).',
      );
  },
  'extension-definition'(object, report) {
    const types = object.extension_types;
    if (
      object.extension_properties !== undefined &&
      Array.isArray(types) &&
      !types.includes('toplevel-property-extension')
    )
      report.error(
        '/extension_properties',
        'exclusive',
        '"extension_properties" is only for a toplevel-property-extension (STIX 2.1 §7.3).',
      );
  },
};

/** Applies the rules of `RULES` for the object's type, and the `_enc` sibling rule of §3.1. */
export function checkTypeRules(type: string, object: Obj, report: Reporter): void {
  ownEntry(RULES, type)?.(object, report);
  if (object.name_enc !== undefined && object.name === undefined)
    report.error('/name_enc', 'required', '"name_enc" may only accompany "name" (STIX 2.1 §3.1).');
  if (object.path_enc !== undefined && object.path === undefined)
    report.error('/path_enc', 'required', '"path_enc" may only accompany "path" (STIX 2.1 §3.1).');
}
