import { compareEntryIds } from "@copilot/protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createEntryIdGenerator } from "../entry-ids";
import { runStreamStoreContract } from "../stream-store.contract";
import { createMemoryStreamStore } from "./memory-stream-store";

runStreamStoreContract("memory", async (options) => createMemoryStreamStore(options), {
  sharedAcrossInstances: false,
});

describe("memory entry ids", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("stay strictly increasing when the clock stands still or goes backwards", () => {
    const clock = [1000, 1000, 1000, 999, 500, 1001, 1001, 2000];
    const next = createEntryIdGenerator(() => clock.shift()!);
    const ids = Array.from({ length: 8 }, next);
    expect(ids).toEqual(["1000-0", "1000-1", "1000-2", "1000-3", "1000-4", "1001-0", "1001-1", "2000-0"]);
  });

  it("are strictly increasing through the store with a frozen and a rewound clock", async () => {
    const store = createMemoryStreamStore({ ttlSeconds: 60, maxEntries: 0 });
    const now = vi.spyOn(Date, "now").mockReturnValue(5_000_000);
    await store.createTask({ taskId: "t1", sessionId: "s1", userId: "u", kind: "chat_turn" });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await store.append("t1", { type: "text-delta", id: "a", delta: "x" });
      if (result.kind === "appended") ids.push(result.id);
      now.mockReturnValue(5_000_000 - i * 10);
    }
    expect(ids).toHaveLength(5);
    for (let i = 1; i < ids.length; i++) expect(compareEntryIds(ids[i - 1]!, ids[i]!)).toBeLessThan(0);
    await store.close();
  });
});
