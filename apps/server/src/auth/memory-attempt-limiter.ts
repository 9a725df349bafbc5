import { type AttemptLimiter, refusal } from "./attempt-limiter";

const MAX_TRACKED_KEYS = 100_000;

/** One process's counts. Each `take` is synchronous between awaits, so it is atomic here. */
export function createMemoryAttemptLimiter(): AttemptLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();

  function current(key: string, now: number) {
    const entry = windows.get(key);
    if (entry && entry.resetAt > now) return entry;
    if (entry) windows.delete(key);
    return null;
  }

  return {
    async take(key, budget) {
      const now = Date.now();
      let entry = current(key, now);
      if (!entry) {
        // Bounded memory under a flood of distinct keys: drop expired windows, then the oldest.
        if (windows.size >= MAX_TRACKED_KEYS) {
          for (const [old, value] of windows) if (value.resetAt <= now) windows.delete(old);
          if (windows.size >= MAX_TRACKED_KEYS) windows.delete(windows.keys().next().value as string);
        }
        entry = { count: 0, resetAt: now + budget.windowMs };
        windows.set(key, entry);
      }
      entry.count += 1;
      return entry.count <= budget.max ? { ok: true } : refusal(entry.resetAt - now);
    },
    async giveBack(key) {
      const entry = current(key, Date.now());
      if (entry && entry.count > 0) entry.count -= 1;
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}
