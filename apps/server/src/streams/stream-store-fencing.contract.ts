import { randomUUID } from "node:crypto";
import type { UIMessageChunk } from "@copilot/protocol";
import { describe, expect, it } from "vitest";
import {
  type AppendResult,
  type ClaimResult,
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
  finish,
  readerOf,
  start,
  take,
} from "./stream-store.contract-helpers";

type FencingSuite = {
  open(options?: Partial<StreamStoreOptions>): Promise<StreamStore>;
  running(store: StreamStore, overrides?: Partial<StreamTaskMeta>): Promise<StreamTaskMeta>;
  capabilities: { sharedAcrossInstances: boolean };
};

/** A chunk that says which attempt wrote it, so the log shows whose writes landed. */
const by = (attempt: number, i: number): UIMessageChunk => ({
  type: "text-delta",
  id: `attempt-${attempt}`,
  delta: `${i} `,
});

/**
 * Fencing (issue 8 item 4) and snapshots, part of the stream store contract: a job attempt claims
 * its task, and writes carrying an older attempt are refused atomically, so a worker that was
 * presumed dead and wakes up changes nothing a reader or a later attempt can see.
 */
export function runFencingContract({ open, running, capabilities }: FencingSuite) {
  describe("fencing by attempt", () => {
    it("claims: 0 after create, higher or equal claims, lower fenced, ended, not_found", async () => {
      const store = await open();
      const task = await running(store);
      expect((await store.getTask(task.taskId))?.attempt).toBe(0);
      expect(await store.claim(task.taskId, 0)).toMatchObject({ kind: "claimed" });
      expect(await store.claim(task.taskId, 1)).toMatchObject({ kind: "claimed" });
      expect(await store.claim(task.taskId, 1)).toMatchObject({ kind: "claimed" });
      expect((await store.getTask(task.taskId))?.attempt).toBe(1);
      expect(await store.claim(task.taskId, 3)).toMatchObject({ kind: "claimed" });
      expect(await store.claim(task.taskId, 2)).toEqual({ kind: "fenced", attempt: 3 });
      expect(await store.claim(task.taskId, 0)).toEqual({ kind: "fenced", attempt: 3 });
      expect((await store.getTask(task.taskId))?.attempt).toBe(3);

      await store.finish(task.taskId, "cancelled", [{ type: "abort" }, finish]);
      expect(await store.claim(task.taskId, 3)).toEqual({ kind: "ended", status: "cancelled" });
      expect(await store.claim(task.taskId, 4)).toEqual({ kind: "ended", status: "cancelled" });
      // A stale attempt is told it is stale first, even on an ended task: it must not clean up.
      expect(await store.claim(task.taskId, 2)).toEqual({ kind: "fenced", attempt: 3 });
      expect((await store.getTask(task.taskId))?.attempt).toBe(3);

      for (const taskId of [randomUUID(), "../not a task"]) {
        expect(await store.claim(taskId, 1)).toEqual({ kind: "not_found" });
      }
    });

    it("throws for an attempt that is not a non-negative integer", async () => {
      const store = await open();
      const task = await running(store);
      for (const attempt of [-1, 1.5, Number.NaN]) {
        await expect(store.claim(task.taskId, attempt)).rejects.toThrow(RangeError);
        await expect(store.append(task.taskId, start, { attempt })).rejects.toThrow(RangeError);
        await expect(store.finish(task.taskId, "completed", [finish], { attempt })).rejects.toThrow(
          RangeError,
        );
      }
      const state = await store.getTask(task.taskId);
      expect(state).toMatchObject({ status: "running", attempt: 0, lastId: null });
    });

    it("lets the API write with attempt 0 before any worker claims", async () => {
      const store = await open();
      const task = await running(store);
      const queued: UIMessageChunk = {
        type: "data-task-status",
        data: { status: "queued" },
        transient: true,
      };
      const ids = await appendAll(store, task.taskId, [start, queued], { attempt: 0 });
      expect(await store.claim(task.taskId, 1)).toMatchObject({ kind: "claimed" });
      expect(await store.append(task.taskId, delta(1), { attempt: 0 })).toEqual({ kind: "fenced" });
      const snapshot = await store.snapshot(task.taskId);
      expect(snapshot?.entries.map((entry) => entry.id)).toEqual(ids);
    });

    it("refuses a stale append: no reader sees it, nor the snapshot", async () => {
      const store = await open();
      const task = await running(store);
      const reader = readerOf(await store.read(task.taskId, "0-0"));
      expect(await store.claim(task.taskId, 1)).toMatchObject({ kind: "claimed" });
      const early = await appendAll(store, task.taskId, [start, by(1, 0)], { attempt: 1 });
      expect(await store.claim(task.taskId, 2)).toMatchObject({ kind: "claimed" });

      expect(await store.append(task.taskId, by(1, 1), { attempt: 1 })).toEqual({ kind: "fenced" });
      const late = await appendAll(store, task.taskId, [by(2, 0)], { attempt: 2 });
      expect(await store.append(task.taskId, by(1, 2), { attempt: 1 })).toEqual({ kind: "fenced" });
      const finished = await store.finish(task.taskId, "completed", [finish], { attempt: 2 });
      if (finished.kind !== "finished") throw new Error(`finish refused: ${finished.kind}`);
      // Fenced wins over ended: after the end, the stale attempt still learns it is stale.
      expect(await store.append(task.taskId, by(1, 3), { attempt: 1 })).toEqual({ kind: "fenced" });

      const expected = [start, by(1, 0), by(2, 0), finish];
      const entries = await drain(reader);
      expect(entries.map((entry) => entry.chunk)).toEqual(expected);
      expect(entries.map((entry) => entry.id)).toEqual([...early, ...late, finished.lastId]);
      const snapshot = await store.snapshot(task.taskId);
      // A reader's entries may carry more than these two fields (Redis: the stored JSON).
      expect(snapshot?.entries).toEqual(entries.map(({ id, chunk }) => ({ id, chunk })));
      expect(snapshot?.state).toMatchObject({ status: "completed", attempt: 2, lastId: finished.lastId });
    });

    it("refuses a stale finish: the task keeps running and its owner finishes it", async () => {
      const store = await open();
      const task = await running(store);
      await appendAll(store, task.taskId, [start]);
      expect(await store.claim(task.taskId, 2)).toMatchObject({ kind: "claimed" });
      const abort: UIMessageChunk[] = [{ type: "abort" }, finish];
      expect(await store.finish(task.taskId, "failed", abort, { attempt: 1 })).toEqual({
        kind: "fenced",
        attempt: 2,
      });
      expect(await store.getTask(task.taskId)).toMatchObject({ status: "running", endedAt: null });
      expect(await store.activeTaskForSession(task.sessionId)).toBe(task.taskId);

      await appendAll(store, task.taskId, [delta(1)], { attempt: 2 });
      expect((await store.finish(task.taskId, "completed", [finish], { attempt: 2 })).kind).toBe("finished");
      expect(await store.finish(task.taskId, "failed", abort, { attempt: 1 })).toEqual({
        kind: "fenced",
        attempt: 2,
      });
      expect(await store.finish(task.taskId, "failed", abort, { attempt: 2 })).toEqual({
        kind: "already_ended",
        status: "completed",
      });
      const entries = await drain(readerOf(await store.read(task.taskId, "0-0")));
      expect(entries.map((entry) => entry.chunk)).toEqual([start, delta(1), finish]);
    });

    it("keeps unfenced appends and finishes working whatever was claimed", async () => {
      const store = await open();
      const task = await running(store);
      expect(await store.claim(task.taskId, 5)).toMatchObject({ kind: "claimed" });
      await appendAll(store, task.taskId, [start, delta(1)]);
      await appendAll(store, task.taskId, [delta(2)], { attempt: 7 });
      // A write of a later attempt than claimed is allowed; it does not claim.
      expect((await store.getTask(task.taskId))?.attempt).toBe(5);
      expect((await store.finish(task.taskId, "cancelled", [{ type: "abort" }, finish])).kind).toBe(
        "finished",
      );
      expect(await store.getTask(task.taskId)).toMatchObject({ status: "cancelled", attempt: 5 });
    });

    it("lets exactly the newer attempt own the task when two claim at once", async () => {
      const store = await open();
      const task = await running(store);
      const [first, second] = await Promise.all([store.claim(task.taskId, 1), store.claim(task.taskId, 2)]);
      expect(second).toMatchObject({ kind: "claimed" });
      if (first.kind === "fenced") expect(first.attempt).toBe(2);
      else expect(first.kind).toBe("claimed");
      expect((await store.getTask(task.taskId))?.attempt).toBe(2);
    });

    it("lands only the newer attempt's appends once it has claimed, while both write concurrently", async () => {
      const store = await open();
      // On Redis the second worker is another connection, as a second process would be.
      const other = capabilities.sharedAcrossInstances ? await open() : store;
      const task = await running(store);
      await appendAll(store, task.taskId, [start], { attempt: 0 });
      const writes = 60;

      let secondMayStart: () => void = () => {};
      const firstHasWritten = new Promise<void>((resolve) => (secondMayStart = resolve));
      // The old worker never stops on its own (it was paused, and wakes up unaware): every
      // refusal must come from the store.
      async function oldWorker(): Promise<AppendResult[]> {
        expect(await store.claim(task.taskId, 1)).toMatchObject({ kind: "claimed" });
        const results: AppendResult[] = [];
        for (let i = 0; i < writes; i++) {
          results.push(await store.append(task.taskId, by(1, i), { attempt: 1 }));
          if (i === 4) secondMayStart();
        }
        return results;
      }
      async function newWorker(): Promise<{ claimed: ClaimResult; results: AppendResult[] }> {
        await firstHasWritten;
        const claimed = await other.claim(task.taskId, 2);
        expect(claimed).toMatchObject({ kind: "claimed" });
        const results: AppendResult[] = [];
        for (let i = 0; i < writes; i++) {
          results.push(await other.append(task.taskId, by(2, i), { attempt: 2 }));
        }
        return { claimed, results };
      }
      const [oldResults, { claimed, results: newResults }] = await Promise.all([oldWorker(), newWorker()]);

      expect(newResults.every((result) => result.kind === "appended")).toBe(true);
      const landed = oldResults.findIndex((result) => result.kind !== "appended");
      // At least the five writes before the takeover landed; once fenced, always fenced.
      expect(landed).toBeGreaterThanOrEqual(5);
      for (const result of oldResults.slice(landed)) expect(result).toEqual({ kind: "fenced" });

      const snapshot = await store.snapshot(task.taskId);
      const oldChunks = Array.from({ length: landed }, (_, i) => by(1, i));
      const newChunks = Array.from({ length: writes }, (_, i) => by(2, i));
      // Every write of the old attempt that landed did so before the claim, so before any new one.
      expect(snapshot?.entries.map((entry) => entry.chunk)).toEqual([start, ...oldChunks, ...newChunks]);
      // The claim returned the log as it stood when it fenced the old attempt: all it wrote, nothing after.
      if (claimed.kind !== "claimed") throw new Error(`claim was ${claimed.kind}`);
      expect(claimed.snapshot?.entries.map((entry) => entry.chunk)).toEqual([start, ...oldChunks]);
      expect(claimed.snapshot?.state).toMatchObject({ attempt: 2, lastId: snapshot?.entries[landed]?.id });
      const ids = [...oldResults, ...newResults].flatMap((result) =>
        result.kind === "appended" ? [result.id] : [],
      );
      expect(snapshot?.entries.slice(1).map((entry) => entry.id)).toEqual(ids);
      expect(snapshot?.state).toMatchObject({ status: "running", attempt: 2, lastId: ids.at(-1) });
    });
  });

  describe("snapshot", () => {
    it("returns exactly the appended entries in order and the state, also after the end", async () => {
      const store = await open();
      const task = await running(store);
      const empty = await store.snapshot(task.taskId);
      expect(empty).toEqual({ state: await store.getTask(task.taskId), entries: [] });
      expect(empty?.state).toMatchObject({
        taskId: task.taskId,
        status: "running",
        lastId: null,
        attempt: 0,
      });

      const chunks = [start, ...deltas(5)];
      const ids = await appendAll(store, task.taskId, chunks);
      const running1 = await store.snapshot(task.taskId);
      expect(running1?.entries).toEqual(chunks.map((chunk, i) => ({ id: ids[i], chunk })));
      expect(running1?.state).toEqual(await store.getTask(task.taskId));
      expect(running1?.state.lastId).toBe(ids.at(-1));

      // No follow: the snapshot is what was there; a reader still gets what comes after.
      const reader = readerOf(await store.read(task.taskId, ids.at(-1)!));
      await appendAll(store, task.taskId, [delta(9)]);
      expect((await take(reader, 1))[0]!.chunk).toEqual(delta(9));
      reader.close();
      expect(running1?.entries).toHaveLength(6);

      const finished = await store.finish(task.taskId, "completed", [finish]);
      if (finished.kind !== "finished") throw new Error(`finish refused: ${finished.kind}`);
      const ended = await store.snapshot(task.taskId);
      expect(ended?.entries.map((entry) => entry.chunk)).toEqual([...chunks, delta(9), finish]);
      expect(ended?.state).toMatchObject({ status: "completed", lastId: finished.lastId });
      expect(ended?.state).toEqual(await store.getTask(task.taskId));
    });

    it(`returns a log longer than a page (${REPLAY_PAGE_ENTRIES}) whole and in order`, async () => {
      const store = await open();
      const task = await running(store);
      const total = REPLAY_PAGE_ENTRIES * 2 + 37;
      const ids = await appendAll(store, task.taskId, [start, ...deltas(total - 1)]);
      const snapshot = await store.snapshot(task.taskId);
      expect(snapshot?.entries.map((entry) => entry.id)).toEqual(ids);
      expect(snapshot?.entries.at(-1)?.chunk).toEqual(delta(total - 2));
      expect(snapshot?.state.lastId).toBe(ids.at(-1));

      // A claim's snapshot is the same log, its first page read with the claim.
      const claimed = await store.claim(task.taskId, 1);
      if (claimed.kind !== "claimed") throw new Error(`claim was ${claimed.kind}`);
      expect(claimed.snapshot?.entries).toEqual(snapshot?.entries);
      expect(claimed.snapshot?.state).toEqual({ ...snapshot?.state, attempt: 1 });
    });

    it("returns what is left of a trimmed log", async () => {
      const store = await open({ maxEntries: 3 });
      const task = await running(store);
      const ids = await appendAll(store, task.taskId, [start, ...deltas(4)]);
      const finished = await store.finish(task.taskId, "completed", [finish]);
      if (finished.kind !== "finished") throw new Error(`finish refused: ${finished.kind}`);
      await store.markSaved(task.taskId);
      const snapshot = await store.snapshot(task.taskId);
      expect(snapshot?.entries.map((entry) => entry.id)).toEqual([...ids.slice(-2), finished.lastId]);
    });

    it("is null for unknown and invalid tasks", async () => {
      const store = await open();
      for (const taskId of [randomUUID(), "../not a task", ""])
        expect(await store.snapshot(taskId)).toBeNull();
    });
  });
}
