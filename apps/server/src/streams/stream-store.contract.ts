import { randomUUID } from "node:crypto";
import { compareEntryIds } from "@copilot/protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import { waitOptions } from "../testing/until";
import {
  REPLAY_PAGE_ENTRIES,
  type StreamStore,
  type StreamStoreOptions,
  type StreamTaskMeta,
} from "./stream-store";
import {
  appendAll,
  delta,
  deltas,
  drain,
  expectIncreasing,
  finish,
  meta,
  readerOf,
  start,
  take,
  within,
} from "./stream-store.contract-helpers";
import { runFencingContract } from "./stream-store-fencing.contract";

/** Optional behaviour, declared by each implementation's test file rather than skipped by name. */
export type StreamStoreCapabilities = {
  /** Two stores built by `makeStore` within one test share their tasks (separate processes on Redis). */
  sharedAcrossInstances: boolean;
};

export function runStreamStoreContract(
  name: string,
  makeStore: (options: StreamStoreOptions) => Promise<StreamStore>,
  capabilities: StreamStoreCapabilities,
) {
  describe(`StreamStore contract: ${name}`, () => {
    const opened: StreamStore[] = [];
    async function open(options: Partial<StreamStoreOptions> = {}): Promise<StreamStore> {
      const store = await makeStore({ ttlSeconds: 60, maxEntries: 0, ...options });
      opened.push(store);
      return store;
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    async function running(store: StreamStore, overrides: Partial<StreamTaskMeta> = {}) {
      const task = meta(overrides);
      expect(await store.createTask(task)).toEqual({ kind: "created" });
      return task;
    }

    it("appends and reads back in order, ending with finish", async () => {
      const store = await open();
      const task = await running(store);
      const ids = await appendAll(store, task.taskId, [start, ...deltas(10)]);
      const finished = await store.finish(task.taskId, "completed", [finish]);
      expect(finished.kind).toBe("finished");

      const reader = readerOf(await store.read(task.taskId, "0-0"));
      const entries = await drain(reader);
      expect(entries.map((e) => e.chunk)).toEqual([start, ...deltas(10), finish]);
      expect(entries.map((e) => e.id)).toEqual([...ids, finished.kind === "finished" ? finished.lastId : ""]);
      expectIncreasing(entries);
      expect(reader.endReason).toBe("finished");
      const state = await store.getTask(task.taskId);
      expect(state).toMatchObject({ taskId: task.taskId, sessionId: task.sessionId, status: "completed" });
      expect(state?.lastId).toBe(entries.at(-1)!.id);
      expect(state?.endedAt).toEqual(expect.any(Number));
    });

    it("replays strictly after a cursor, then follows live", async () => {
      const store = await open();
      const task = await running(store);
      const ids = await appendAll(store, task.taskId, [start, ...deltas(4)]);
      const reader = readerOf(await store.read(task.taskId, ids[2]!));
      expect((await take(reader, 2)).map((e) => e.id)).toEqual(ids.slice(3));

      const liveIds = await appendAll(store, task.taskId, deltas(3, 4));
      expect((await take(reader, 3)).map((e) => e.id)).toEqual(liveIds);
      await store.finish(task.taskId, "completed", [finish]);
      expect((await drain(reader)).map((e) => e.chunk)).toEqual([finish]);
      expect(reader.endReason).toBe("finished");
    });

    it("serves several readers of one task the same entries", async () => {
      const store = await open();
      const task = await running(store);
      const readers = await Promise.all(
        Array.from({ length: 5 }, async () => readerOf(await store.read(task.taskId, "0-0"))),
      );
      const all = Promise.all(readers.map(drain));
      await appendAll(store, task.taskId, [start, ...deltas(20)]);
      await store.finish(task.taskId, "completed", [finish]);
      const results = await all;
      expect(results[0]).toHaveLength(22);
      for (const entries of results) expect(entries).toEqual(results[0]);
      for (const reader of readers) expect(reader.endReason).toBe("finished");
    });

    it("gives readers attached before, during and after the end the whole log", async () => {
      const store = await open();
      const task = await running(store);
      const before = readerOf(await store.read(task.taskId, "0-0"));
      const beforeAll = drain(before);
      await appendAll(store, task.taskId, [start, ...deltas(5)]);
      const during = readerOf(await store.read(task.taskId, "0-0"));
      const duringAll = drain(during);
      await appendAll(store, task.taskId, deltas(5, 5));
      await store.finish(task.taskId, "failed", [{ type: "error", errorText: "boom" }, finish]);
      const after = readerOf(await store.read(task.taskId, "0-0"));
      const [a, b, c] = await Promise.all([beforeAll, duringAll, drain(after)]);
      expect(a).toHaveLength(13);
      expect(b).toEqual(a);
      expect(c).toEqual(a);
      expect(c.at(-1)!.chunk).toEqual(finish);
      for (const reader of [before, during, after]) expect(reader.endReason).toBe("finished");
    });

    it("ends at once with zero entries when the cursor is at the end of an ended task", async () => {
      const store = await open();
      const task = await running(store);
      await appendAll(store, task.taskId, [start]);
      const finished = await store.finish(task.taskId, "completed", [finish]);
      if (finished.kind !== "finished") throw new Error("finish refused");
      const reader = readerOf(await store.read(task.taskId, finished.lastId));
      expect(await drain(reader)).toEqual([]);
      expect(reader.endReason).toBe("finished");
    });

    it("refuses appends and a second finish after the terminal status", async () => {
      const store = await open();
      const task = await running(store);
      await appendAll(store, task.taskId, [start]);
      await store.finish(task.taskId, "cancelled", [{ type: "abort" }, finish]);
      expect(await store.append(task.taskId, delta(1))).toEqual({ kind: "ended" });
      expect(await store.finish(task.taskId, "completed", [finish])).toEqual({
        kind: "already_ended",
        status: "cancelled",
      });
    });

    it("lets exactly one of two concurrent finish calls win, with one finish in the log", async () => {
      const store = await open();
      const task = await running(store);
      await appendAll(store, task.taskId, [start]);
      const racing = [
        ...deltas(20).map((chunk) => store.append(task.taskId, chunk)),
        store.finish(task.taskId, "completed", [finish]),
        store.finish(task.taskId, "cancelled", [{ type: "abort" }, finish]),
        ...deltas(20, 20).map((chunk) => store.append(task.taskId, chunk)),
      ];
      const results = await Promise.all(racing);
      const finishes = results.filter((r) => r.kind === "finished");
      const refused = results.filter((r) => r.kind === "already_ended");
      expect(finishes).toHaveLength(1);
      expect(refused).toHaveLength(1);

      const entries = await drain(readerOf(await store.read(task.taskId, "0-0")));
      expect(entries.filter((e) => e.chunk.type === "finish")).toHaveLength(1);
      expect(entries.at(-1)!.chunk).toEqual(finish);
      // Every accepted append landed before the finish; every refused one is absent.
      const appendedIds = results.flatMap((r) => (r.kind === "appended" ? [r.id] : []));
      const logged = new Set(entries.map((e) => e.id));
      for (const id of appendedIds) expect(logged.has(id)).toBe(true);
      const ended = results.filter((r) => r.kind === "ended").length;
      expect(appendedIds.length + ended).toBe(40);
      const winner = (await store.getTask(task.taskId))!.status;
      expect(refused[0]).toEqual({ kind: "already_ended", status: winner });
      const finalChunks = winner === "cancelled" ? 2 : 1;
      expect(entries).toHaveLength(1 + appendedIds.length + finalChunks);
    });

    it("refuses a second running task per session and frees the session on finish", async () => {
      const store = await open();
      const first = await running(store);
      const second = meta({ sessionId: first.sessionId });
      expect(await store.createTask(second)).toEqual({ kind: "session_busy", activeTaskId: first.taskId });
      expect(await store.activeTaskForSession(first.sessionId)).toBe(first.taskId);
      await store.finish(first.taskId, "completed", [finish]);
      expect(await store.activeTaskForSession(first.sessionId)).toBeNull();
      expect(await store.createTask(second)).toEqual({ kind: "created" });
      expect(await store.activeTaskForSession(first.sessionId)).toBe(second.taskId);
      // The old task's late finish attempt must not free the session the new task holds.
      expect((await store.finish(first.taskId, "failed", [finish])).kind).toBe("already_ended");
      expect(await store.activeTaskForSession(first.sessionId)).toBe(second.taskId);
    });

    it("lets exactly one of two concurrent createTask calls on a session win", async () => {
      const store = await open();
      const sessionId = randomUUID();
      const results = await Promise.all([
        store.createTask(meta({ sessionId })),
        store.createTask(meta({ sessionId })),
      ]);
      expect(results.filter((r) => r.kind === "created")).toHaveLength(1);
      expect(results.filter((r) => r.kind === "session_busy")).toHaveLength(1);
    });

    it("maps an operation to its task", async () => {
      const store = await open();
      const operationId = randomUUID();
      const task = await running(store, { kind: "operation", operationId, toolName: "create_agent" });
      expect(await store.taskForOperation(operationId)).toBe(task.taskId);
      expect(await store.getTask(task.taskId)).toMatchObject({
        kind: "operation",
        operationId,
        toolName: "create_agent",
      });
    });

    it("throws on broken invariants: a finish through append, finish without finish last, a bad cursor", async () => {
      const store = await open();
      const task = await running(store);
      await expect(store.append(task.taskId, finish)).rejects.toThrow();
      await expect(store.finish(task.taskId, "completed", [])).rejects.toThrow();
      await expect(store.finish(task.taskId, "completed", [finish, start])).rejects.toThrow();
      await expect(store.read(task.taskId, "not-a-cursor")).rejects.toThrow();
      await expect(store.createTask({ ...task })).rejects.toThrow();
      expect((await store.getTask(task.taskId))?.status).toBe("running");
    });

    it("answers not_found for unknown and invalid tasks", async () => {
      const store = await open();
      for (const taskId of [randomUUID(), "../not a task", ""]) {
        expect(await store.read(taskId, "0-0")).toEqual({ kind: "not_found" });
        expect(await store.getTask(taskId)).toBeNull();
        expect(await store.append(taskId, start)).toEqual({ kind: "not_found" });
        expect(await store.finish(taskId, "completed", [finish])).toEqual({ kind: "not_found" });
      }
      expect(await store.activeTaskForSession(randomUUID())).toBeNull();
      expect(await store.taskForOperation(randomUUID())).toBeNull();
    });

    it("does not trim while running; trims once ended and saved, answering trimmed with the oldest id", async () => {
      const store = await open({ maxEntries: 3 });
      const task = await running(store);
      const ids = await appendAll(store, task.taskId, [start, ...deltas(5)]);
      await store.markSaved(task.taskId);
      expect(await take(readerOf(await store.read(task.taskId, "0-0")), 6)).toHaveLength(6);

      const finished = await store.finish(task.taskId, "completed", [finish]);
      if (finished.kind !== "finished") throw new Error("finish refused");
      const all = [...ids, finished.lastId];
      // Saved before the end, trimmed at the end: the newest three remain.
      expect(await store.read(task.taskId, "0-0")).toEqual({ kind: "trimmed", oldestId: all[4] });
      expect(await store.read(task.taskId, all[2]!)).toEqual({ kind: "trimmed", oldestId: all[4] });
      const fromCut = await drain(readerOf(await store.read(task.taskId, all[3]!)));
      expect(fromCut.map((e) => e.id)).toEqual(all.slice(4));
      expect((await store.getTask(task.taskId))?.lastId).toBe(finished.lastId);
    });

    it("keeps an ended log whole until markSaved", async () => {
      const store = await open({ maxEntries: 2 });
      const task = await running(store);
      const ids = await appendAll(store, task.taskId, [start, ...deltas(3)]);
      await store.finish(task.taskId, "completed", [finish]);
      expect(await drain(readerOf(await store.read(task.taskId, "0-0")))).toHaveLength(5);
      await store.markSaved(task.taskId);
      expect(await store.read(task.taskId, "0-0")).toEqual({ kind: "trimmed", oldestId: ids[3] });
    });

    it(`replays a long log in pages of at most ${REPLAY_PAGE_ENTRIES}, holding no more than two pages`, async () => {
      const store = await open();
      const task = await running(store);
      const total = 5000;
      await appendAll(store, task.taskId, [start, ...deltas(total - 1)]);
      await store.finish(task.taskId, "completed", [finish]);

      const reader = readerOf(await store.read(task.taskId, "0-0"));
      const iterator = reader[Symbol.asyncIterator]();
      let count = 0;
      let maxHeld = 0;
      let previous = "0-0";
      for (;;) {
        const next = await iterator.next();
        maxHeld = Math.max(maxHeld, reader.buffered);
        if (next.done) break;
        expect(compareEntryIds(previous, next.value.id)).toBeLessThan(0);
        previous = next.value.id;
        count += 1;
        if (count % 700 === 0) {
          // A consumer that pauses (a socket waiting for drain): the reader reads at most one page ahead.
          for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
          expect(reader.buffered).toBeLessThanOrEqual(2 * REPLAY_PAGE_ENTRIES);
        }
      }
      expect(count).toBe(total + 1);
      expect(maxHeld).toBeLessThanOrEqual(2 * REPLAY_PAGE_ENTRIES);
      expect(reader.endReason).toBe("finished");
    });

    it("reports what a reader yields without waiting: a replay page or a live burst, 0 when caught up", async () => {
      const store = await open();
      const task = await running(store);
      await appendAll(store, task.taskId, [start, ...deltas(2)]);
      const reader = readerOf(await store.read(task.taskId, "0-0"));
      expect(reader.available).toBe(3);
      expect(await take(reader, 3)).toHaveLength(3);
      expect(reader.available).toBe(0);
      await appendAll(store, task.taskId, deltas(2));
      await vi.waitFor(() => expect(reader.available).toBe(2), waitOptions);
      reader.close();
      expect(reader.available).toBe(0);
    });

    it("expires an ended task after ttlSeconds", async () => {
      const store = await open({ ttlSeconds: 0.2 });
      const operationId = randomUUID();
      const task = await running(store, { kind: "operation", operationId });
      await appendAll(store, task.taskId, [start]);
      await store.finish(task.taskId, "completed", [finish]);
      expect(await store.getTask(task.taskId)).not.toBeNull();
      await vi.waitFor(async () => expect(await store.getTask(task.taskId)).toBeNull(), {
        timeout: 10_000,
        interval: 25,
      });
      expect(await store.read(task.taskId, "0-0")).toEqual({ kind: "not_found" });
      expect(await store.taskForOperation(operationId)).toBeNull();
    });

    it("keeps a running task alive while appends continue, and expires it once abandoned", async () => {
      // Short enough to prove the refresh, long enough to ride out a loaded CI machine's stalls.
      const runningTtlSeconds = 1;
      const store = await open({ ttlSeconds: 60, runningTtlSeconds });
      const task = await running(store);
      const startedAt = Date.now();
      // Producer pacing, not a wait: appends keep coming for 2.5 times the running TTL.
      while (Date.now() - startedAt < runningTtlSeconds * 2500) {
        expect((await store.append(task.taskId, delta(1))).kind).toBe("appended");
        expect((await store.getTask(task.taskId))?.status).toBe("running");
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      expect(await store.activeTaskForSession(task.sessionId)).toBe(task.taskId);
      // Abandoned: no appends, no finish. It must not hold its session forever.
      await vi.waitFor(async () => expect(await store.getTask(task.taskId)).toBeNull(), {
        timeout: 10_000,
        interval: 25,
      });
      expect(await store.activeTaskForSession(task.sessionId)).toBeNull();
      expect((await store.createTask(meta({ sessionId: task.sessionId }))).kind).toBe("created");
    });

    it("ends a live reader with expired when its abandoned task expires", async () => {
      const store = await open({ ttlSeconds: 60, runningTtlSeconds: 1 });
      const task = await running(store);
      await appendAll(store, task.taskId, [start]);
      const reader = readerOf(await store.read(task.taskId, "0-0"));
      expect(await take(reader, 1)).toHaveLength(1);
      // No finish will ever come: the reader must not wait forever on a task that is gone.
      expect(await drain(reader)).toEqual([]);
      expect(reader.endReason).toBe("expired");
      expect(await store.getTask(task.taskId)).toBeNull();
    });

    it("closes a slow live reader with overflow while other readers continue", async () => {
      const store = await open({ subscriberBufferEntries: 10 });
      const task = await running(store);
      await appendAll(store, task.taskId, [start]);
      const slow = readerOf(await store.read(task.taskId, "0-0"));
      const fast = readerOf(await store.read(task.taskId, "0-0"));
      const [startEntry] = await take(slow, 1);
      await take(fast, 1);
      // The fast reader provably keeps up: each batch is taken before the next is written.
      for (let batch = 0; batch < 10; batch++) {
        await appendAll(store, task.taskId, deltas(5, batch * 5));
        expect((await take(fast, 5)).map((e) => e.chunk)).toEqual(deltas(5, batch * 5));
      }
      await store.finish(task.taskId, "completed", [finish]);
      expect((await drain(fast)).map((e) => e.chunk)).toEqual([finish]);
      expect(fast.endReason).toBe("finished");

      expect(await drain(slow)).toEqual([]);
      expect(slow.endReason).toBe("overflow");
      // It resumes from its last delivered id and loses nothing.
      const resumed = await drain(readerOf(await store.read(task.taskId, startEntry!.id)));
      expect(resumed).toHaveLength(51);
    });

    it("ends a pending read when the reader is closed", async () => {
      const store = await open();
      const task = await running(store);
      const reader = readerOf(await store.read(task.taskId, "0-0"));
      const pending = reader[Symbol.asyncIterator]().next();
      reader.close();
      expect((await within(pending, "close ends next()")).done).toBe(true);
      expect(reader.endReason).toBe("closed");
      expect((await store.append(task.taskId, start)).kind).toBe("appended");
    });

    it("fires onCancel once, also for a listener registered after the request", async () => {
      const store = await open();
      const task = await running(store);
      const early = vi.fn();
      const removed = vi.fn();
      store.onCancel(task.taskId, early);
      store.onCancel(task.taskId, removed)();
      await store.requestCancel(task.taskId);
      await store.requestCancel(task.taskId);
      await vi.waitFor(() => expect(early).toHaveBeenCalledTimes(1), waitOptions);
      const late = await new Promise<true>((resolve) => store.onCancel(task.taskId, () => resolve(true)));
      expect(late).toBe(true);
      expect(early).toHaveBeenCalledTimes(1);
      expect(removed).not.toHaveBeenCalled();
    });

    it("does not cancel an ended task", async () => {
      const store = await open();
      const task = await running(store);
      await store.finish(task.taskId, "completed", [finish]);
      const listener = vi.fn();
      store.onCancel(task.taskId, listener);
      await store.requestCancel(task.taskId);
      const other = await running(store);
      // A later cancel of another task proves the first one's listener had its chance.
      await new Promise<void>((resolve) => {
        store.onCancel(other.taskId, resolve);
        void store.requestCancel(other.taskId);
      });
      expect(listener).not.toHaveBeenCalled();
    });

    it("answers ping", async () => {
      const store = await open();
      expect(await store.ping()).toBe(true);
    });

    runFencingContract({ open, running, capabilities });

    describe.runIf(capabilities.sharedAcrossInstances)("across store instances", () => {
      it("sees another instance's tasks, follows its log live and cancels its producer", async () => {
        const producer = await open();
        const consumer = await open();
        const task = await running(producer);
        await appendAll(producer, task.taskId, [start]);
        expect(await consumer.getTask(task.taskId)).toMatchObject({
          sessionId: task.sessionId,
          status: "running",
        });
        expect(await consumer.activeTaskForSession(task.sessionId)).toBe(task.taskId);
        expect((await consumer.createTask(meta({ sessionId: task.sessionId }))).kind).toBe("session_busy");

        const reader = readerOf(await consumer.read(task.taskId, "0-0"));
        expect((await take(reader, 1))[0]!.chunk).toEqual(start);
        await appendAll(producer, task.taskId, deltas(3));
        expect((await take(reader, 3)).map((e) => e.chunk)).toEqual(deltas(3));

        const cancelled = new Promise<number>((resolve) =>
          producer.onCancel(task.taskId, () => resolve(Date.now())),
        );
        const requestedAt = Date.now();
        await consumer.requestCancel(task.taskId);
        const firedAt = await within(cancelled, "cross-instance cancel");
        expect(firedAt - requestedAt).toBeLessThan(1000);

        await producer.finish(task.taskId, "cancelled", [{ type: "abort" }, finish]);
        expect((await drain(reader)).map((e) => e.chunk.type)).toEqual(["abort", "finish"]);
        expect(reader.endReason).toBe("finished");
      });

      it("fires another instance's onCancel registered after the request", async () => {
        const producer = await open();
        const canceller = await open();
        const task = await running(producer);
        await canceller.requestCancel(task.taskId);
        const fired = new Promise<true>((resolve) => producer.onCancel(task.taskId, () => resolve(true)));
        expect(await within(fired, "late cross-instance cancel")).toBe(true);
      });
    });
  });
}
