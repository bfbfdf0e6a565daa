/** What to do with one failed authentication. */
export interface FailureVerdict {
  /**
   * `record`: audit it and answer 401; `throttle`: the source has just passed its limit, audit
   * that once (`auth.throttled`) and answer 429; `throttled`: answer 429, audit nothing.
   */
  action: 'record' | 'throttle' | 'throttled';
  /** When the source's window ends (for `Retry-After`), in whole seconds from now. */
  retryAfterSeconds: number;
}

export interface ThrottleOptions {
  /** Failures a source may have in one window before it is throttled. Default 20. */
  limit?: number;
  /** The window, in milliseconds. Default 60,000. */
  windowMs?: number;
  /** Sources remembered at most (the oldest window is forgotten first). Default 10,000. */
  maxSources?: number;
}

/**
 * Counts failed authentications per source address in fixed windows, so a flood of bad
 * credentials cannot grow the audit log without bound: past `limit` failures a source's
 * further failures in the window answer 429 and leave one `auth.throttled` event instead of
 * one event each. Valid keys are never throttled (they are checked first), and nothing tells
 * a throttled caller whether a key would have been valid.
 */
export class AuthFailureThrottle {
  private readonly sources = new Map<string, { since: number; failures: number }>();
  readonly limit: number;
  readonly windowMs: number;
  private readonly maxSources: number;

  constructor(options: ThrottleOptions = {}) {
    this.limit = options.limit ?? 20;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxSources = options.maxSources ?? 10_000;
  }

  /** Counts one failure from `source` at `now` (epoch milliseconds). */
  fail(source: string, now: number): FailureVerdict {
    let window = this.sources.get(source);
    if (!window || now - window.since >= this.windowMs || now < window.since) {
      this.sources.delete(source); // re-inserted last: the Map's order is the windows' age
      window = { since: now, failures: 0 };
      this.sources.set(source, window);
      if (this.sources.size > this.maxSources) {
        const oldest = this.sources.keys().next();
        if (!oldest.done) this.sources.delete(oldest.value);
      }
    }
    window.failures++;
    const retryAfterSeconds = Math.max(1, Math.ceil((window.since + this.windowMs - now) / 1000));
    const action =
      window.failures <= this.limit
        ? 'record'
        : window.failures === this.limit + 1
          ? 'throttle'
          : 'throttled';
    return { action, retryAfterSeconds };
  }
}
