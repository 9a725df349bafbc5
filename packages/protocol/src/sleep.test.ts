import { describe, expect, it } from "vitest";
import { sleep } from "./sleep";

describe("sleep", () => {
  it("resolves at once when aborted", async () => {
    const stop = new AbortController();
    const started = Date.now();
    const waiting = sleep(60_000, stop.signal);
    stop.abort();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("resolves after the delay", async () => {
    const started = Date.now();
    await sleep(20, new AbortController().signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });
});
