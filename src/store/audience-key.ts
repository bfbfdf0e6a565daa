/**
 * The canonical key of an audience set: its distinct tokens, sorted, as a JSON array (so any
 * token text is unambiguous). Versions with the same set share one `audiences` row.
 */
export function audienceKey(tokens: readonly string[]): string {
  return JSON.stringify([...new Set(tokens)].sort());
}

/** The tokens of an audience key (the inverse of {@link audienceKey}). */
export function audienceTokens(key: string): string[] {
  return JSON.parse(key) as string[];
}
