/**
 * TLP markings as STIX marking-definition ids. TLP 2.0 ids are fixed by OASIS
 * (extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d); TLP 1.0 ids are the ones the
 * STIX 2.1 specification predefines (§7.2.1.4) and map to their TLP 2.0 successors.
 */
export type TlpLevel = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

export const TLP2_MARKING_IDS: Readonly<Record<TlpLevel, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** TLP 1.0 marking-definition ids from STIX 2.1 §7.2.1.4 (WHITE maps to CLEAR). */
const TLP1_MARKING_IDS: Readonly<Record<string, TlpLevel>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};

const TLP_BY_ID: ReadonlyMap<string, TlpLevel> = new Map<string, TlpLevel>([
  ...Object.entries(TLP2_MARKING_IDS).map(([level, id]) => [id, level as TlpLevel] as const),
  ...Object.entries(TLP1_MARKING_IDS),
]);

/** The TLP level a marking-definition id stands for, or undefined if it is not a TLP marking. */
export function tlpLevelOf(markingId: string): TlpLevel | undefined {
  return TLP_BY_ID.get(markingId);
}

/** Every marking-definition id (TLP 2.0 and 1.0) that stands for one of these levels. */
export function tlpMarkingIds(levels: ReadonlySet<TlpLevel>): string[] {
  return [...TLP_BY_ID].filter(([, level]) => levels.has(level)).map(([id]) => id);
}

/** Order of TLP levels, least to most restrictive. */
export const STRICTNESS: Readonly<Record<TlpLevel, number>> = {
  clear: 0,
  green: 1,
  amber: 2,
  'amber+strict': 3,
  red: 4,
};

/** The most restrictive TLP level among the given marking ids (undefined when none is TLP). */
export function strictestTlp(markingIds: readonly string[]): TlpLevel | undefined {
  let strictest: TlpLevel | undefined;
  for (const id of markingIds) {
    const level = tlpLevelOf(id);
    if (
      level !== undefined &&
      (strictest === undefined || STRICTNESS[level] > STRICTNESS[strictest])
    ) {
      strictest = level;
    }
  }
  return strictest;
}
