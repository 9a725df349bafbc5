import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createFairSlice } from "./fair-slice";

/** Busy-waits `ms` without letting the event loop turn, as a burst of ready chunks does. */
function work(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}

describe("fair slice", () => {
  it("gives way once a burst has worked the slice without the loop turning", async () => {
    const fair = createFairSlice(1);
    const yields: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      const wait = fair();
      yields.push(wait !== undefined);
      if (wait) await wait;
      // Chunks of a ready burst: no timer or I/O between them, 2 ms of work each.
      work(2);
    }
    // A slice starts, is used up by the next chunk, which waits a loop turn: a new slice starts.
    expect(yields).toEqual([false, true, false, true, false, true]);
  });

  it("lets many short chunks through within one slice", () => {
    const fair = createFairSlice(50);
    const yields: boolean[] = [];
    for (let i = 0; i < 20; i++) yields.push(fair() !== undefined);
    expect(yields.some(Boolean)).toBe(false);
  });

  it("does not make a paced producer wait: the loop turned between its chunks", async () => {
    const fair = createFairSlice(1);
    const waits: (Promise<void> | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      waits.push(fair());
      work(2);
      // The next chunk comes from a timer, as a paced model's or a network read's does.
      await sleep(3);
    }
    expect(waits.every((wait) => wait === undefined)).toBe(true);
  });

  it("yields a burst that started right after a paced chunk", async () => {
    const fair = createFairSlice(1);
    expect(fair()).toBeUndefined();
    await sleep(2);
    expect(fair()).toBeUndefined();
    work(1.5);
    const wait = fair();
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    expect(fair()).toBeUndefined();
  });
});
