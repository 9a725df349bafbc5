/**
 * Counts attempts per key in fixed windows. An attempt is taken (counted) atomically BEFORE the
 * work it guards (a ~200 ms password hash), so concurrent requests cannot all pass a check made
 * before any of them was recorded (issue 10, finding 3). In Redis when configured, so a budget
 * holds across processes; in process otherwise.
 */
export type AttemptLimiter = {
  /** Counts one attempt against `key`; refused when that makes more than `budget.max` this window. */
  take(key: string, budget: Budget): Promise<Take>;
  /** Returns one attempt (a login that succeeded should not use up its address's budget). */
  giveBack(key: string): Promise<void>;
  /** Forgets a key's attempts. */
  reset(key: string): Promise<void>;
};

export type Budget = { max: number; windowMs: number };
export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

export const refusal = (remainingMs: number): Take => ({
  ok: false,
  retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)),
});
