import { checkProperty, isRecord, type Reporter } from './check-property.js';
import { PREDEFINED_EXTENSIONS } from './definitions-sco-extensions.js';
import { identifierType } from './ids.js';
import { pointerSegment } from './input-safety.js';
import { EXTENSION_TYPES } from './vocabularies.js';
import { ownEntry } from './own-entry.js';

type Obj = Record<string, unknown>;

const EXTENSION_TYPE_SET: ReadonlySet<string> = new Set(EXTENSION_TYPES);
const NEW_OBJECT_TYPES: ReadonlySet<string> = new Set(['new-sdo', 'new-sco', 'new-sro']);
/** Keys of custom (2.0-style, deprecated) extensions: a dictionary key (§2.3). */
const CUSTOM_EXTENSION_KEY = /^[a-zA-Z0-9_-]{1,250}$/;

/** What an object's `extensions` say about the object itself. */
export interface ExtensionFacts {
  /** `new-sdo`, `new-sco` or `new-sro` when an extension defines the object's type. */
  definesType: string | undefined;
  /** True when a `toplevel-property-extension` adds properties at the top level. */
  toplevel: boolean;
}

const NONE: ExtensionFacts = { definesType: undefined, toplevel: false };

/** Reads the `extension_type`s of an object's extensions (STIX 2.1 §3.2, §7.3). */
export function extensionFacts(object: Obj): ExtensionFacts {
  const extensions = object.extensions;
  if (!isRecord(extensions)) return NONE;
  let definesType: string | undefined;
  let toplevel = false;
  for (const key in extensions) {
    const extension = extensions[key];
    if (!isRecord(extension)) continue;
    const kind = extension.extension_type;
    if (typeof kind !== 'string') continue;
    if (NEW_OBJECT_TYPES.has(kind)) definesType = kind;
    else if (kind === 'toplevel-property-extension') toplevel = true;
  }
  return definesType === undefined && !toplevel ? NONE : { definesType, toplevel };
}

/**
 * §3.2 `extensions`: keys are extension-definition ids (whose instances carry a valid
 * `extension_type`) or predefined SCO extension names (§3.10, on their own SCO type only, and
 * checked against their property tables). Other keys are deprecated custom extensions (a
 * warning), except in objects an extension defines, whose own schema governs them.
 */
export function checkExtensions(
  object: Obj,
  type: string,
  knownType: boolean,
  facts: ExtensionFacts,
  report: Reporter,
): void {
  const extensions = object.extensions;
  if (!isRecord(extensions))
    return report.error(
      '/extensions',
      'type',
      '"extensions" must be an object keyed by extension id or name.',
    );
  let size = 0;
  for (const key in extensions) {
    size++;
    const extension = extensions[key];
    const at = `/extensions/${pointerSegment(key)}`;
    if (!isRecord(extension)) {
      report.error(at, 'type', 'Each extension must be an object.');
      continue;
    }
    if (key.startsWith('extension-definition--')) {
      checkDefinedExtension(key, extension, type, knownType, at, report);
      continue;
    }
    const predefined = ownEntry(PREDEFINED_EXTENSIONS, key);
    if (predefined) {
      if (predefined.host !== type) {
        report.error(
          at,
          'extension-host',
          `"${key}" is an extension of ${predefined.host} objects, not of ${type}.`,
        );
      } else {
        checkProperty(key, extension, { kind: 'struct', shape: predefined.shape }, at, report);
      }
    } else if (!CUSTOM_EXTENSION_KEY.test(key)) {
      report.error(
        at,
        'extension-key',
        `Extension key ${JSON.stringify(key.slice(0, 80))} must be an extension-definition id or a predefined extension name.`,
      );
    } else if (facts.definesType === undefined) {
      report.warning(
        at,
        'custom-extension',
        `"${key}" is neither an extension-definition id nor a predefined extension; custom extensions are deprecated (STIX 2.1 §11.3).`,
      );
    }
  }
  if (size === 0)
    report.error('/extensions', 'empty-dictionary', '"extensions" is empty; omit it instead.');
}

function checkDefinedExtension(
  key: string,
  extension: Obj,
  type: string,
  knownType: boolean,
  at: string,
  report: Reporter,
): void {
  if (identifierType(key) !== 'extension-definition')
    report.error(
      at,
      'extension-key',
      `"${key.slice(0, 80)}" is not a valid extension-definition identifier.`,
    );
  const kind = extension.extension_type;
  if (kind === undefined) {
    report.error(
      `${at}/extension_type`,
      'required',
      'An extension keyed by an extension-definition id needs "extension_type" (STIX 2.1 §3.2).',
    );
  } else if (typeof kind !== 'string' || !EXTENSION_TYPE_SET.has(kind)) {
    report.error(
      `${at}/extension_type`,
      'closed-vocabulary',
      `"extension_type" must be one of ${EXTENSION_TYPES.join(', ')}.`,
    );
  } else if (NEW_OBJECT_TYPES.has(kind) && knownType) {
    report.error(
      `${at}/extension_type`,
      'extension-type',
      `A ${kind} extension defines a new object type; ${type} is a STIX 2.1 type.`,
    );
  }
}
