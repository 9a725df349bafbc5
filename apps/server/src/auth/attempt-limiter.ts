/**
 * Counts failed attempts per key in fixed one-minute windows (login: per account and per IP).
 * In Redis when configured, so the limit holds across processes; in process otherwise.
 */
export type AttemptLimiter = {
  /** The longest wait (seconds) among keys already at the limit; 0 when none is. */
  blockedFor(keys: string[]): Promise<number>;
  /** Counts one failure against each key. */
  recordFailure(keys: string[]): Promise<void>;
  /** Forgets a key's failures (a successful login clears its account's count). */
  reset(key: string): Promise<void>;
};

export type AttemptLimiterOptions = { max: number; windowMs: number };
