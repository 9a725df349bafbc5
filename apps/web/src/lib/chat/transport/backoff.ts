export type BackoffOptions = {
  /** First delay, doubled on each failed attempt. */
  baseMs: number;
  /** Upper bound of a delay. */
  maxMs: number;
  /** Random spread (0.2 = ±20 %), so tabs and devices that dropped together do not retry together. */
  jitter: number;
};

export const defaultBackoff: BackoffOptions = { baseMs: 250, maxMs: 5_000, jitter: 0.2 };

/** Delay before retry number `attempt` (0-based): bounded exponential backoff with jitter. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = defaultBackoff,
  random = Math.random,
) {
  const raw = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  const spread = 1 + options.jitter * (random() * 2 - 1);
  return Math.round(Math.min(options.maxMs, raw * spread));
}
