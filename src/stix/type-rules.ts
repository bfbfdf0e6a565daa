import type { Reporter } from './check-property.js';

type Obj = Record<string, unknown>;

/** Relationship rules of §5.1 beyond property shapes (reference targets are checked by type). */
export function checkRelationship(object: Obj, report: Reporter): void {
  const type = object.relationship_type;
  if (typeof type === 'string' && !/^[a-z0-9-]{3,250}$/.test(type)) {
    report.error(
      '/relationship_type',
      'relationship-type',
      `"relationship_type" must be 3–250 of a–z, 0–9 and hyphen, got "${type.slice(0, 80)}".`,
    );
  }
}

const TLP1_COLOURS = ['white', 'green', 'amber', 'red'];

/** Marking definition rules of §7.2: the TLP 1.0 and statement forms, or an extension. */
export function checkMarkingDefinition(object: Obj, report: Reporter): void {
  const { definition_type: definitionType, definition } = object;
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
    report.error('', 'marking-definition', '"definition_type" and "definition" go together.');
    return;
  }
  if (typeof definition !== 'object' || definition === null) return;
  const body = definition as Obj;
  if (definitionType === 'tlp' && !TLP1_COLOURS.includes(body.tlp as string)) {
    report.error(
      '/definition/tlp',
      'closed-vocabulary',
      `A TLP 1.0 marking's "tlp" must be one of ${TLP1_COLOURS.join(', ')}.`,
    );
  }
  if (definitionType === 'statement' && typeof body.statement !== 'string') {
    report.error(
      '/definition/statement',
      'required',
      'A statement marking needs a "statement" string.',
    );
  }
}
