import { expect, it } from "vitest";
import type { AttemptLimiter } from "./attempt-limiter";

let counter = 0;
const freshKey = () => `contract:${process.pid}:${Date.now()}:${++counter}`;

/**
 * What every `AttemptLimiter` guarantees (docs/style.md rule 8). `second` is another instance on the
 * same state (another process), or the same one where state is per process.
 */
export function attemptLimiterContract(make: () => { first: AttemptLimiter; second: AttemptLimiter }) {
  const budget = { max: 10, windowMs: 60_000 };

  it("admits exactly the budget when 50 attempts arrive at once", async () => {
    const { first } = make();
    const key = freshKey();
    const results = await Promise.all(Array.from({ length: 50 }, () => first.take(key, budget)));
    expect(results.filter((result) => result.ok)).toHaveLength(10);
    const refused = results.find((result) => !result.ok);
    expect(refused && !refused.ok && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused && !refused.ok && refused.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("holds the budget across instances sharing state", async () => {
    const { first, second } = make();
    const key = freshKey();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) => (index % 2 ? first : second).take(key, budget)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(10);
  });

  it("opens a new window when the old one ends", async () => {
    const { first } = make();
    const key = freshKey();
    const short = { max: 1, windowMs: 300 };
    expect((await first.take(key, short)).ok).toBe(true);
    expect((await first.take(key, short)).ok).toBe(false);
    const deadline = Date.now() + 5_000;
    let reopened = false;
    while (!reopened && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      reopened = (await first.take(key, short)).ok;
    }
    expect(reopened).toBe(true);
  });

  it("gives back an attempt and resets a key", async () => {
    const { first } = make();
    const key = freshKey();
    const one = { max: 1, windowMs: 60_000 };
    expect((await first.take(key, one)).ok).toBe(true);
    await first.giveBack(key);
    expect((await first.take(key, one)).ok).toBe(true);
    expect((await first.take(key, one)).ok).toBe(false);
    await first.reset(key);
    expect((await first.take(key, one)).ok).toBe(true);
    // Giving back what was never taken does not credit the key.
    const other = freshKey();
    await first.giveBack(other);
    expect((await first.take(other, one)).ok).toBe(true);
    expect((await first.take(other, one)).ok).toBe(false);
  });
}
