import { isRecord, type Reporter } from './check-property.js';

type Obj = Record<string, unknown>;

/** The four TLP 1.0 marking definitions STIX 2.1 predefines (§7.2.1.4), by colour. */
export const TLP1_MARKING_IDS: Readonly<Record<string, string>> = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
};

/** The OASIS TLP 2.0 extension and the marking definitions it publishes, by `tlp_2_0` level. */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
export const TLP2_MARKING_IDS: Readonly<Record<string, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

const TLP1_COLOURS = Object.keys(TLP1_MARKING_IDS);
const TLP2_LEVELS = Object.keys(TLP2_MARKING_IDS);

/**
 * Marking definition rules (§7.2.1): `definition_type` and `definition` go together and are
 * required unless an extension defines the marking; `tlp` is reserved to the four predefined
 * objects; a `statement` needs its text; the TLP 2.0 extension's level must be a TLP 2.0 one;
 * a marking definition never marks itself (§3.2).
 */
export function checkMarkingDefinition(object: Obj, report: Reporter): void {
  const { definition_type: definitionType, definition } = object;
  if (Array.isArray(object.object_marking_refs) && object.object_marking_refs.includes(object.id))
    report.error(
      '/object_marking_refs',
      'circular-marking',
      'A marking definition may not mark itself (STIX 2.1 §3.2).',
    );
  checkTlp2(object, report);
  if (definitionType === undefined && definition === undefined) {
    if (object.extensions === undefined) {
      report.error(
        '',
        'marking-definition',
        'A marking definition needs "definition_type" and "definition", or an extension that defines it.',
      );
    }
    return;
  }
  if (definitionType === undefined || definition === undefined) {
    const missing = definitionType === undefined ? 'definition_type' : 'definition';
    return report.error(
      `/${missing}`,
      'required',
      '"definition_type" and "definition" go together.',
    );
  }
  if (!isRecord(definition)) return;
  if (definitionType === 'tlp') {
    const colour = definition.tlp;
    if (typeof colour !== 'string' || !TLP1_COLOURS.includes(colour)) {
      report.error(
        '/definition/tlp',
        'closed-vocabulary',
        `A TLP 1.0 marking's "tlp" must be one of ${TLP1_COLOURS.join(', ')}.`,
      );
    } else if (object.id !== TLP1_MARKING_IDS[colour]) {
      report.error(
        '/id',
        'tlp-marking',
        `Only the predefined TLP:${colour.toUpperCase()} marking definition (${TLP1_MARKING_IDS[colour]}) may use definition_type "tlp" with this colour (STIX 2.1 §7.2.1.4).`,
      );
    }
  } else if (definitionType === 'statement') {
    if (typeof definition.statement !== 'string')
      report.error(
        '/definition/statement',
        'required',
        'A statement marking needs a "statement" string.',
      );
  } else if (typeof definitionType === 'string') {
    report.warning(
      '/definition_type',
      'custom-marking',
      `"${definitionType.slice(0, 80)}" is not a STIX 2.1 marking type (statement, tlp); define new markings with an extension (§7.3).`,
    );
  }
}

function checkTlp2(object: Obj, report: Reporter): void {
  const extensions = object.extensions;
  if (!isRecord(extensions)) return;
  const tlp2 = extensions[TLP2_EXTENSION_ID];
  if (!isRecord(tlp2)) return;
  const at = `/extensions/${TLP2_EXTENSION_ID}/tlp_2_0`;
  const level = tlp2.tlp_2_0;
  if (typeof level !== 'string' || !TLP2_LEVELS.includes(level)) {
    report.error(at, 'closed-vocabulary', `"tlp_2_0" must be one of ${TLP2_LEVELS.join(', ')}.`);
  } else if (object.id !== TLP2_MARKING_IDS[level]) {
    report.warning(
      '/id',
      'tlp-marking',
      `TLP:${level.toUpperCase()} has a published marking definition (${TLP2_MARKING_IDS[level]}); reference it instead of defining another.`,
    );
  }
}
