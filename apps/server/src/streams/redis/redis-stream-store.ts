import {
  compareEntryIds,
  isTerminalStatus,
  type TerminalTaskStatus,
  taskStatusSchema,
  type UIMessageChunk,
} from "@copilot/protocol";
import type { Redis } from "ioredis";
import { createRedis } from "../../redis/connection";
import { resolveStoreOptions } from "../store-options";
import {
  assertAppendable,
  assertAttempt,
  assertCursor,
  assertFinishChunks,
  assertStreamIds,
  isValidStreamId,
} from "../stream-invariants";
import {
  REPLAY_PAGE_ENTRIES,
  type StreamReader,
  type StreamStore,
  type StreamStoreOptions,
} from "../stream-store";
import { createRedisCancel } from "./redis-cancel";
import { createLiveReader } from "./redis-live-reader";
import { asArray, asString, parseEntries } from "./redis-replies";
import { runScript } from "./redis-script";
import { readSnapshot } from "./redis-snapshot";
import { streamKeys } from "./redis-stream-keys";
import { createRedisStreamReader, type Page, type ReaderSource } from "./redis-stream-reader";
import {
  appendScript,
  claimScript,
  createTaskScript,
  finishScript,
  markSavedScript,
} from "./redis-stream-scripts";
import { createTaskKeys } from "./redis-task-keys";
import { parseTaskState } from "./redis-task-state";

/** The status a script found on a task that no longer runs; anything else is a broken invariant. */
function terminalStatus(reply: unknown): TerminalTaskStatus {
  const status = taskStatusSchema.parse(reply);
  if (!isTerminalStatus(status)) throw new Error(`a ${status} task was reported as ended`);
  return status;
}

export type RedisStreamStoreOptions = StreamStoreOptions & {
  url: string;
  keyPrefix: string;
  /**
   * The process's connection for plain commands, owned (and closed) by the caller: the store's
   * scripts share it with everything else that sends no blocking command, so a process holds one
   * such connection, not one per component. Without it the store opens its own (`streams`).
   */
  command?: Redis;
};

/**
 * The scaled stream store on Redis Streams. Its connections are fixed whatever the number of tasks
 * or readers: commands and Lua scripts (shared with the process when given), the one multiplexed
 * blocking reader, and the cancel subscriber.
 */
export function createRedisStreamStore(options: RedisStreamStoreOptions): StreamStore {
  const config = resolveStoreOptions(options);
  const keys = streamKeys(options.keyPrefix);
  const command = options.command ?? createRedis(options.url, "streams");
  const blocking = createRedis(options.url, "streams-reader");
  const subscriber = createRedis(options.url, "streams-cancel");
  const taskKeys = createTaskKeys(command, keys);
  // Live readers must notice an abandoned (expired) task well within its running TTL.
  const pollMs = Math.min(5000, Math.max(100, Math.floor(config.runningTtlMs / 2)));
  const live = createLiveReader({ blocking, command, keys, blockMs: pollMs, sweepMs: pollMs });
  const readers = new Set<StreamReader>();
  const cancel = createRedisCancel(command, subscriber, keys);

  /**
   * One replay page and the task's state in one transaction, so "the page is short and the task
   * runs" really means the reader caught up at that instant, and `trimmed` makes the cursor check
   * exact. A transaction rather than a script: Redis copies a script's XRANGE reply into Lua and
   * back, 0.9 ms per page of 500 against 0.16 ms for the XRANGE alone, and that was what a replay
   * waited on once pages are fetched ahead (docs/BENCHMARKS.md, resume).
   */
  async function fetchPage(taskId: string, afterId: string): Promise<Page> {
    const replies = await command
      .multi()
      .hmget(keys.task(taskId), "status", "trimmed", "n", "last")
      .xrange(keys.log(taskId), `(${afterId}`, "+", "COUNT", REPLAY_PAGE_ENTRIES)
      .exec();
    if (!replies) throw new Error("read page: transaction aborted");
    const [[stateError, state], [rangeError, range]] = replies as [
      [Error | null, unknown],
      [Error | null, unknown],
    ];
    if (stateError || rangeError) throw stateError ?? rangeError;
    const [status, trimmed, count, last] = asArray(state, "read page state") as Array<string | null>;
    if (!status) return { status: null, trimmedId: null, count: 0, lastId: null, entries: [] };
    return {
      status: taskStatusSchema.parse(status),
      trimmedId: trimmed || null,
      count: Number(count ?? 0),
      lastId: last || null,
      entries: parseEntries(range),
    };
  }

  return {
    driver: "redis",

    async createTask(meta) {
      assertStreamIds([meta.taskId, meta.sessionId, meta.operationId]);
      const pointers = { sessionId: meta.sessionId, operationId: meta.operationId ?? null };
      const fields = ["session", meta.sessionId, "user", meta.userId, "kind", meta.kind];
      if (meta.operationId) fields.push("op", meta.operationId);
      if (meta.toolName) fields.push("tool", meta.toolName);
      const reply = asArray(
        await runScript(command, createTaskScript, taskKeys.list(meta.taskId, pointers), [
          meta.taskId,
          config.runningTtlMs,
          ...fields,
        ]),
        "create",
      );
      const kind = asString(reply[0], "create result");
      if (kind === "exists") throw new Error(`task ${meta.taskId} already exists`);
      if (kind === "session_busy") return { kind, activeTaskId: asString(reply[1], "active task") };
      taskKeys.remember(meta.taskId, pointers);
      return { kind: "created" };
    },

    async claim(taskId, attempt) {
      assertAttempt(attempt);
      const keyList = isValidStreamId(taskId) ? await taskKeys.resolve(taskId) : null;
      if (!keyList) return { kind: "not_found" };
      const reply = asArray(
        await runScript(command, claimScript, keyList, [attempt, config.runningTtlMs, REPLAY_PAGE_ENTRIES]),
        "claim",
      );
      const kind = asString(reply[0], "claim result");
      if (kind === "claimed")
        return { kind, snapshot: await readSnapshot(command, keys, taskId, reply.slice(1)) };
      if (kind === "fenced") return { kind, attempt: Number(reply[1]) };
      taskKeys.forget(taskId);
      if (kind === "not_found") return { kind };
      return { kind: "ended", status: terminalStatus(reply[1]) };
    },

    async append(taskId, chunk, options) {
      assertAppendable(chunk);
      assertAttempt(options?.attempt);
      const keyList = isValidStreamId(taskId) ? await taskKeys.resolve(taskId) : null;
      if (!keyList) return { kind: "not_found" };
      const reply = asArray(
        await runScript(command, appendScript, keyList, [
          JSON.stringify(chunk),
          config.runningTtlMs,
          config.refreshMs,
          options?.attempt ?? "",
        ]),
        "append",
      );
      const kind = asString(reply[0], "append result");
      if (kind === "appended") return { kind, id: asString(reply[1], "entry id") };
      taskKeys.forget(taskId);
      if (kind === "fenced" || kind === "ended") return { kind };
      return { kind: "not_found" };
    },

    async finish(taskId, status, chunks, options) {
      assertFinishChunks(chunks);
      assertAttempt(options?.attempt);
      const keyList = isValidStreamId(taskId) ? await taskKeys.resolve(taskId) : null;
      if (!keyList) return { kind: "not_found" };
      const reply = asArray(
        await runScript(command, finishScript, keyList, [
          taskId,
          status,
          config.ttlMs,
          config.maxEntries,
          options?.attempt ?? "",
          ...chunks.map((chunk: UIMessageChunk) => JSON.stringify(chunk)),
        ]),
        "finish",
      );
      taskKeys.forget(taskId);
      const kind = asString(reply[0], "finish result");
      if (kind === "finished") return { kind, lastId: asString(reply[1], "last id") };
      if (kind === "fenced") return { kind, attempt: Number(reply[1]) };
      if (kind === "not_found") return { kind };
      return { kind: "already_ended", status: terminalStatus(reply[1]) };
    },

    async getTask(taskId) {
      if (!isValidStreamId(taskId)) return null;
      return parseTaskState(taskId, await command.hgetall(keys.task(taskId)));
    },

    async snapshot(taskId) {
      return isValidStreamId(taskId) ? readSnapshot(command, keys, taskId) : null;
    },

    async activeTaskForSession(sessionId) {
      return isValidStreamId(sessionId) ? command.get(keys.sessionActive(sessionId)) : null;
    },

    async taskForOperation(operationId) {
      return isValidStreamId(operationId) ? command.get(keys.operation(operationId)) : null;
    },

    async read(taskId, afterId) {
      assertCursor(afterId);
      if (!isValidStreamId(taskId)) return { kind: "not_found" };
      const first = await fetchPage(taskId, afterId);
      if (first.status === null) return { kind: "not_found" };
      if (first.trimmedId !== null && compareEntryIds(afterId, first.trimmedId) < 0) {
        // Everything up to `trimmedId` is gone, so the page (after the cursor) starts at the oldest kept.
        return { kind: "trimmed", oldestId: first.entries[0]?.id ?? first.lastId ?? first.trimmedId };
      }
      const source: ReaderSource = {
        fetchPage: (after) => fetchPage(taskId, after),
        subscribe: (sink) => live.subscribe(taskId, sink),
        bufferEntries: config.bufferEntries,
        onEnd: () => readers.delete(reader),
      };
      const reader = createRedisStreamReader(source, afterId, first);
      if (reader.endReason === null) readers.add(reader);
      return { kind: "stream", reader };
    },

    async markSaved(taskId) {
      if (!isValidStreamId(taskId)) return;
      await runScript(command, markSavedScript, [keys.task(taskId), keys.log(taskId)], [config.maxEntries]);
    },

    async requestCancel(taskId) {
      if (isValidStreamId(taskId)) await cancel.request(taskId);
    },

    onCancel(taskId, listener) {
      return isValidStreamId(taskId) ? cancel.on(taskId, listener) : () => {};
    },

    async ping() {
      try {
        return (await command.ping()) === "PONG";
      } catch {
        return false;
      }
    },

    async close() {
      for (const reader of [...readers]) reader.close();
      live.close();
      cancel.close();
      // The blocking reader may sit in XREAD: drop it at once instead of waiting out BLOCK.
      blocking.disconnect();
      await Promise.allSettled([options.command ? null : command.quit(), subscriber.quit()]);
    },
  };
}
