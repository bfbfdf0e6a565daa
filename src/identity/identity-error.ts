/**
 * A refused identity or sharing administration request. `forbidden`: the actor's role does
 * not allow it; `not-found`: no such thing, or one the actor may not see (answered alike, so
 * ids cannot be probed); `invalid`: bad input; `conflict`: clashes with existing state.
 */
export class IdentityError extends Error {
  constructor(
    readonly id: 'forbidden' | 'not-found' | 'invalid' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}
