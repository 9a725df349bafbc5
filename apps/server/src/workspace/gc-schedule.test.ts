import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { scheduleWorkspaceGc } from "./gc-schedule";
import type { WorkspaceFiles } from "./workspace-files";

/** A facade whose gc the test completes by hand. */
function fakeFiles() {
  const runs: Array<() => void> = [];
  let started = 0;
  const files = {
    gc: () =>
      new Promise((resolve) => {
        started += 1;
        runs.push(() => resolve({ expiredUploads: 0, purgedFiles: 0, sweptBlobs: 0 }));
      }),
  } as unknown as WorkspaceFiles;
  return { files, runs, started: () => started };
}

describe("scheduleWorkspaceGc", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs soon after start, never twice at once, and stop waits for the run in progress", async () => {
    vi.useFakeTimers();
    const fake = fakeFiles();
    const schedule = scheduleWorkspaceGc(fake.files, pino({ level: "silent" }), {
      firstRunMs: 60_000,
      intervalMs: 3_600_000,
    });
    await vi.advanceTimersByTimeAsync(59_999);
    expect(fake.started()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.started()).toBe(1);
    // Hourly ticks while the first run is still going start nothing.
    await vi.advanceTimersByTimeAsync(3 * 3_600_000);
    expect(fake.started()).toBe(1);
    fake.runs[0]?.();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(fake.started()).toBe(2);

    let stopped = false;
    const stopping = schedule.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    fake.runs[1]?.();
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * 3_600_000);
    expect(fake.started()).toBe(2);
  });
});
