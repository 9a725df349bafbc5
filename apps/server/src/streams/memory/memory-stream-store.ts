import { compareEntryIds, isTerminalStatus, type UIMessageChunk } from "@copilot/protocol";
import { createCancelRegistry } from "../cancel-registry";
import { createEntryIdGenerator } from "../entry-ids";
import { resolveStoreOptions } from "../store-options";
import {
  assertAppendable,
  assertAttempt,
  assertCursor,
  assertFinishChunks,
  assertStreamIds,
  isFenced,
} from "../stream-invariants";
import type { StreamSnapshot, StreamStore, StreamStoreOptions, StreamTaskState } from "../stream-store";
import { createMemoryStreamReader } from "./memory-stream-reader";
import { type MemoryTask, trimTask } from "./memory-task";

/**
 * The embedded stream store: the same contract as Redis within one process. Every method runs
 * synchronously up to its returned promise, so "check status, then write" is atomic by
 * construction (no await in between), which is what the Redis store gets from Lua.
 */
export function createMemoryStreamStore(options: StreamStoreOptions): StreamStore {
  const config = resolveStoreOptions(options);
  const tasks = new Map<string, MemoryTask>();
  const sessions = new Map<string, string>();
  const operations = new Map<string, string>();
  const timers = new Map<string, NodeJS.Timeout>();
  const cancels = createCancelRegistry();

  function remove(task: MemoryTask) {
    const { taskId, sessionId, operationId } = task.meta;
    tasks.delete(taskId);
    clearTimeout(timers.get(taskId));
    timers.delete(taskId);
    if (sessions.get(sessionId) === taskId) sessions.delete(sessionId);
    if (operationId && operations.get(operationId) === taskId) operations.delete(operationId);
    task.deleted = true;
    for (const reader of [...task.readers]) reader.gone();
  }

  // One timer per task frees memory; it re-arms itself when appends pushed `expiresAt` later,
  // instead of being rescheduled on every append.
  function arm(task: MemoryTask) {
    const taskId = task.meta.taskId;
    if (timers.has(taskId)) return;
    const timer = setTimeout(
      () => {
        timers.delete(taskId);
        if (task.deleted) return;
        if (Date.now() >= task.expiresAt) remove(task);
        else arm(task);
      },
      Math.max(1, task.expiresAt - Date.now()),
    );
    timer.unref();
    timers.set(taskId, timer);
  }

  function rearm(task: MemoryTask) {
    clearTimeout(timers.get(task.meta.taskId));
    timers.delete(task.meta.taskId);
    arm(task);
  }

  /** The task unless unknown or expired (checked lazily too, so an unref'd timer can lag). */
  function lookup(taskId: string): MemoryTask | null {
    const task = tasks.get(taskId);
    if (!task) return null;
    if (Date.now() >= task.expiresAt) {
      remove(task);
      return null;
    }
    return task;
  }

  function push(task: MemoryTask, chunk: UIMessageChunk): string {
    const id = task.nextId();
    task.entries.push({ id, chunk });
    return id;
  }

  function notify(task: MemoryTask) {
    for (const reader of [...task.readers]) reader.appended();
  }

  function stateOf(task: MemoryTask): StreamTaskState {
    return {
      ...task.meta,
      status: task.status,
      lastId: task.entries.at(-1)?.id ?? null,
      createdAt: task.createdAt,
      endedAt: task.endedAt,
      attempt: task.attempt,
    };
  }

  function snapshotOf(task: MemoryTask): StreamSnapshot {
    return { state: stateOf(task), entries: [...task.entries] };
  }

  return {
    driver: "memory",

    async createTask(meta) {
      assertStreamIds([meta.taskId, meta.sessionId, meta.operationId]);
      if (lookup(meta.taskId)) throw new Error(`task ${meta.taskId} already exists`);
      const activeId = sessions.get(meta.sessionId);
      if (activeId && lookup(activeId)?.status === "running") {
        return { kind: "session_busy", activeTaskId: activeId };
      }
      const now = Date.now();
      const task: MemoryTask = {
        meta: { ...meta },
        status: "running",
        attempt: 0,
        entries: [],
        trimmedCount: 0,
        lastRemovedId: null,
        createdAt: now,
        endedAt: null,
        expiresAt: now + config.runningTtlMs,
        saved: false,
        cancelRequested: false,
        deleted: false,
        nextId: createEntryIdGenerator(),
        readers: new Set(),
      };
      tasks.set(meta.taskId, task);
      sessions.set(meta.sessionId, meta.taskId);
      if (meta.operationId) operations.set(meta.operationId, meta.taskId);
      arm(task);
      return { kind: "created" };
    },

    async claim(taskId, attempt) {
      assertAttempt(attempt);
      const task = lookup(taskId);
      if (!task) return { kind: "not_found" };
      if (isFenced(attempt, task.attempt)) return { kind: "fenced", attempt: task.attempt };
      if (isTerminalStatus(task.status)) return { kind: "ended", status: task.status };
      task.attempt = attempt;
      // A new owner is a sign of life: the task must not expire under it before its first append.
      task.expiresAt = Date.now() + config.runningTtlMs;
      return { kind: "claimed", snapshot: snapshotOf(task) };
    },

    async append(taskId, chunk, options) {
      assertAppendable(chunk);
      assertAttempt(options?.attempt);
      const task = lookup(taskId);
      if (!task) return { kind: "not_found" };
      // Fenced before ended: a stale producer must leave even an ended task alone (no clean-up).
      if (isFenced(options?.attempt, task.attempt)) return { kind: "fenced" };
      if (task.status !== "running") return { kind: "ended" };
      const id = push(task, chunk);
      task.expiresAt = Date.now() + config.runningTtlMs;
      notify(task);
      return { kind: "appended", id };
    },

    async finish(taskId, status, chunks, options) {
      assertFinishChunks(chunks);
      assertAttempt(options?.attempt);
      const task = lookup(taskId);
      if (!task) return { kind: "not_found" };
      if (isFenced(options?.attempt, task.attempt)) return { kind: "fenced", attempt: task.attempt };
      if (isTerminalStatus(task.status)) return { kind: "already_ended", status: task.status };
      let lastId = "";
      for (const chunk of chunks) lastId = push(task, chunk);
      const now = Date.now();
      task.status = status;
      task.endedAt = now;
      task.expiresAt = now + config.ttlMs;
      if (sessions.get(task.meta.sessionId) === taskId) sessions.delete(task.meta.sessionId);
      if (task.saved) trimTask(task, config.maxEntries);
      rearm(task);
      notify(task);
      return { kind: "finished", lastId };
    },

    async getTask(taskId) {
      const task = lookup(taskId);
      return task ? stateOf(task) : null;
    },

    async snapshot(taskId) {
      const task = lookup(taskId);
      return task ? snapshotOf(task) : null;
    },

    async activeTaskForSession(sessionId) {
      const taskId = sessions.get(sessionId);
      return taskId && lookup(taskId) ? taskId : null;
    },

    async taskForOperation(operationId) {
      const taskId = operations.get(operationId);
      return taskId && lookup(taskId) ? taskId : null;
    },

    async read(taskId, afterId) {
      assertCursor(afterId);
      const task = lookup(taskId);
      if (!task) return { kind: "not_found" };
      if (task.lastRemovedId !== null && compareEntryIds(afterId, task.lastRemovedId) < 0) {
        return { kind: "trimmed", oldestId: task.entries[0]!.id };
      }
      return { kind: "stream", reader: createMemoryStreamReader(task, afterId, config.bufferEntries) };
    },

    async markSaved(taskId) {
      const task = lookup(taskId);
      if (!task) return;
      task.saved = true;
      if (isTerminalStatus(task.status)) trimTask(task, config.maxEntries);
    },

    async requestCancel(taskId) {
      const task = lookup(taskId);
      if (task?.status !== "running") return;
      task.cancelRequested = true;
      cancels.fire(taskId);
    },

    onCancel(taskId, listener) {
      const unsubscribe = cancels.add(taskId, listener);
      // Requested before this listener existed: still fire, but never inside onCancel itself.
      if (tasks.get(taskId)?.cancelRequested) queueMicrotask(() => cancels.fire(taskId));
      return unsubscribe;
    },

    async ping() {
      return true;
    },

    async close() {
      for (const task of [...tasks.values()]) {
        for (const reader of [...task.readers]) reader.close();
      }
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      tasks.clear();
      sessions.clear();
      operations.clear();
      cancels.clear();
    },
  };
}
