import type { AttemptLimiter, AttemptLimiterOptions } from "./attempt-limiter";

const MAX_TRACKED_KEYS = 100_000;

export function createMemoryAttemptLimiter(options: AttemptLimiterOptions): AttemptLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();

  function current(key: string, now: number) {
    const entry = windows.get(key);
    if (entry && entry.resetAt > now) return entry;
    if (entry) windows.delete(key);
    return null;
  }

  return {
    async blockedFor(keys) {
      const now = Date.now();
      let wait = 0;
      for (const key of keys) {
        const entry = current(key, now);
        if (entry && entry.count >= options.max)
          wait = Math.max(wait, Math.ceil((entry.resetAt - now) / 1000));
      }
      return wait;
    },
    async recordFailure(keys) {
      const now = Date.now();
      // Bounded memory under a flood of distinct keys: drop expired windows, then the oldest.
      if (windows.size >= MAX_TRACKED_KEYS) {
        for (const [key, entry] of windows) if (entry.resetAt <= now) windows.delete(key);
        if (windows.size >= MAX_TRACKED_KEYS) windows.delete(windows.keys().next().value as string);
      }
      for (const key of keys) {
        const entry = current(key, now);
        if (entry) entry.count += 1;
        else windows.set(key, { count: 1, resetAt: now + options.windowMs });
      }
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}
