/**
 * The input as a whole is unusable (not JSON, not STIX, over a limit). Carries a stable `id`
 * and no HTTP status: each interface maps it (REST: 400/413 problem details; CLI: exit 2).
 */
export class InputError extends Error {
  constructor(
    readonly id: string,
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}
