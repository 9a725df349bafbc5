import { describe, expect, it } from "vitest";
import { createCheckpointQueue } from "./checkpoint-queue";

/** A save that finishes when the test says so, recording when it ran. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    save: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
    },
    open: () => open(),
  };
}

describe("checkpoint queue", () => {
  it("runs one save at a time, in the order asked", async () => {
    const queue = createCheckpointQueue();
    const log: string[] = [];
    const a = gate(log, "a");
    const b = gate(log, "b");
    const first = queue.request("t1", a.save);
    const second = queue.request("t2", b.save);
    await Promise.resolve();
    expect(log).toEqual(["start a"]);
    expect(queue.size).toBe(2);
    a.open();
    await first;
    b.open();
    await second;
    expect(log).toEqual(["start a", "end a", "start b", "end b"]);
    expect(queue.size).toBe(0);
  });

  it("joins a turn's waiting save instead of queueing a second one; the newest save runs", async () => {
    const queue = createCheckpointQueue();
    const log: string[] = [];
    const blocker = gate(log, "other");
    const running = queue.request("other", blocker.save);
    const older = queue.request("t1", async () => {
      log.push("older");
    });
    const newer = queue.request("t1", async () => {
      log.push("newer");
    });
    expect(queue.size).toBe(2);
    blocker.open();
    await Promise.all([running, older, newer]);
    expect(log).toEqual(["start other", "end other", "newer"]);
  });

  it("asks again for a turn whose save is running: a second save follows it", async () => {
    const queue = createCheckpointQueue();
    const log: string[] = [];
    const first = gate(log, "1");
    const running = queue.request("t1", first.save);
    await Promise.resolve();
    const again = queue.request("t1", async () => {
      log.push("2");
    });
    first.open();
    await Promise.all([running, again]);
    expect(log).toEqual(["start 1", "end 1", "2"]);
  });

  it("rejects the failed save's callers and carries on with the next", async () => {
    const queue = createCheckpointQueue();
    const failing = queue.request("t1", async () => {
      throw new Error("database down");
    });
    let ran = false;
    const next = queue.request("t2", async () => {
      ran = true;
    });
    await expect(failing).rejects.toThrow("database down");
    await next;
    expect(ran).toBe(true);
  });
});

describe("checkpoint queue: bounded share and ended turns", () => {
  it("rests after a save, in proportion to how long it took, before the next", async () => {
    const queue = createCheckpointQueue({ rest: 2 });
    const times: Record<string, number> = {};
    const slow = queue.request("t1", async () => {
      times.aStart = performance.now();
      // Real work the database would do: ~20 ms of waiting on a timer.
      await new Promise((resolve) => setTimeout(resolve, 20));
      times.aEnd = performance.now();
    });
    const next = queue.request("t2", async () => {
      times.bStart = performance.now();
    });
    await Promise.all([slow, next]);
    const took = times.aEnd! - times.aStart!;
    // Timers may fire up to a millisecond early; the rest is twice the save's time.
    expect(times.bStart! - times.aEnd!).toBeGreaterThanOrEqual(took * 2 - 2);
  });

  it("drops a turn's save that has not started, resolving its callers; a running one finishes", async () => {
    const queue = createCheckpointQueue({ rest: 0 });
    const log: string[] = [];
    const blocker = gate(log, "t1");
    const running = queue.request("t1", blocker.save);
    const dropped = queue.request("t2", async () => {
      log.push("t2 saved");
    });
    await Promise.resolve();
    queue.drop("t2");
    queue.drop("t1");
    await dropped;
    expect(queue.size).toBe(1);
    blocker.open();
    await running;
    expect(log).toEqual(["start t1", "end t1"]);
    expect(queue.size).toBe(0);
  });
});
