import { textHasSafeStrings } from '../stix/input-safety.js';
import { InputError } from './input-error.js';
import type { ObjectCheck } from './object-checks.js';

/** One candidate object taken from an input document, before validation. */
export interface InputItem {
  /** Position in the input (0-based): array index, or NDJSON line number - 1. */
  index: number;
  value: unknown;
  /** Set when this item could not even be parsed (an NDJSON line that is not JSON). */
  parseError?: string;
  /**
   * True when the text it was parsed from passed `textHasSafeStrings` (stix/input-safety.ts):
   * none of its strings can hold U+0000 or a lone surrogate, so validation skips those scans.
   */
  stringsChecked?: boolean;
  /**
   * Its validation, already done elsewhere (`ObjectChecker`) on this very value: the same text
   * parsed the same way. Ingest then does not validate it again, and stores `check.json`.
   */
  check?: ObjectCheck;
}

/**
 * Splits an input document into candidate objects. Accepts a STIX bundle, a JSON array of
 * objects, a single object, or NDJSON (one JSON value per line; a bundle on a line is
 * expanded). A document that is none of these throws {@link InputError}; a bad NDJSON line
 * becomes an item with `parseError`, so the other lines are still ingested.
 */
export function parseStixInput(text: string): InputItem[] {
  const trimmed = text.trim();
  if (trimmed === '')
    throw new InputError(
      'empty-input',
      'The input is empty: expected a STIX bundle, an array of objects, an object or NDJSON.',
    );
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch (error) {
    if (!looksLikeNdjson(trimmed)) {
      throw new InputError('malformed-json', `The input is not valid JSON: ${describe(error)}`);
    }
    return parseNdjson(trimmed);
  }
  const items = expand(whole, 0);
  if (textHasSafeStrings(trimmed)) for (const item of items) item.stringsChecked = true;
  return items;
}

function looksLikeNdjson(text: string): boolean {
  const firstNewline = text.indexOf('\n');
  if (firstNewline < 0) return false;
  try {
    JSON.parse(text.slice(0, firstNewline));
    return true;
  } catch {
    return false;
  }
}

function parseNdjson(text: string): InputItem[] {
  const items: InputItem[] = [];
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const raw = lines[line]!.trim();
    if (raw === '') continue;
    try {
      for (const item of expand(JSON.parse(raw), line)) items.push({ ...item, index: line });
    } catch (error) {
      items.push({
        index: line,
        value: undefined,
        parseError: `line ${line + 1}: ${describe(error)}`,
      });
    }
  }
  return items;
}

function expand(value: unknown, offset: number): InputItem[] {
  if (Array.isArray(value))
    return (value as unknown[]).map((v, i) => ({ index: offset + i, value: v }));
  if (isRecord(value) && value.type === 'bundle') {
    if (value.objects === undefined) return [];
    if (!Array.isArray(value.objects)) {
      throw new InputError(
        'malformed-bundle',
        'The bundle\'s "objects" property must be an array.',
      );
    }
    return value.objects.map((v: unknown, i: number) => ({ index: offset + i, value: v }));
  }
  if (isRecord(value)) return [{ index: offset, value }];
  throw new InputError(
    'not-stix',
    `Expected a STIX bundle, an array of STIX objects, a STIX object or NDJSON, got ${value === null ? 'null' : typeof value}.`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
