/** The canonical key of an audience set: its distinct tokens, sorted, joined by a space. */
export function audienceKey(tokens: readonly string[]): string {
  return [...new Set(tokens)].sort().join(' ');
}
