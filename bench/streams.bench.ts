import type { UIMessageChunk } from "@copilot/protocol";
import { createMemoryStreamStore } from "../apps/server/src/streams/memory/memory-stream-store";
import { createRedisStreamStore } from "../apps/server/src/streams/redis/redis-stream-store";
import type { StreamStore } from "../apps/server/src/streams/stream-store";
import { createTaskWriter } from "../apps/server/src/streams/task-writer";
import { median, ms, percentile, table } from "./stats";

/**
 * Stream-store throughput and latency on both implementations: sequential appends, a full replay,
 * append → live reader latency with 50 readers attached, and what coalescing saves.
 */
const APPENDS = 5000;
const READERS = 50;
const LATENCY_SAMPLES = 200;

const delta = (i: number): UIMessageChunk => ({ type: "text-delta", id: "t", delta: `word${i} ` });

async function scenario(store: StreamStore) {
  const taskId = `bench-${store.driver}-${Date.now()}`;
  await store.createTask({ taskId, sessionId: `${taskId}-s`, userId: "bench", kind: "chat_turn" });
  await store.append(taskId, { type: "start", messageId: "m" });
  await store.append(taskId, { type: "text-start", id: "t" });
  let started = performance.now();
  for (let i = 0; i < APPENDS; i++) await store.append(taskId, delta(i));
  const appendMs = performance.now() - started;

  started = performance.now();
  const replay = await store.read(taskId, "0-0");
  if (replay.kind !== "stream") throw new Error("no stream");
  let replayed = 0;
  for await (const _entry of replay.reader) {
    replayed += 1;
    if (replayed === APPENDS + 2) break;
  }
  replay.reader.close();
  const replayMs = performance.now() - started;

  // Live fan-out: READERS attached at the end; time from append to the slowest reader.
  const readers = await Promise.all(
    Array.from({ length: READERS }, async () => {
      const last = await store.getTask(taskId);
      const result = await store.read(taskId, last?.lastId ?? "0-0");
      if (result.kind !== "stream") throw new Error("no stream");
      return result.reader[Symbol.asyncIterator]();
    }),
  );
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const sent = performance.now();
    const arrivals = readers.map((iterator) => iterator.next());
    await store.append(taskId, delta(i));
    await Promise.all(arrivals);
    latencies.push(performance.now() - sent);
  }
  await store.finish(taskId, "completed", [{ type: "finish" }]);
  for (const iterator of readers) await iterator.return?.();

  // Coalescing: 2,000 tokens written as fast as a model could emit them.
  const coalesced = `${taskId}-c`;
  await store.createTask({
    taskId: coalesced,
    sessionId: `${coalesced}-s`,
    userId: "bench",
    kind: "chat_turn",
  });
  const writer = createTaskWriter(store, coalesced, { coalesceMs: 10 });
  await writer.write({ type: "text-start", id: "t" });
  for (let i = 0; i < 2000; i++) await writer.write(delta(i));
  await writer.finish("completed", [{ type: "finish" }]);
  const entries = (await store.getTask(coalesced))?.lastId;
  const log = await store.read(coalesced, "0-0");
  let stored = 0;
  if (log.kind === "stream") for await (const _entry of log.reader) stored += 1;

  return {
    driver: store.driver,
    appendUs: (appendMs * 1000) / APPENDS,
    replayMs,
    latencyMedian: median(latencies),
    latencyP99: percentile(latencies, 99),
    coalescedAppends: stored,
    lastId: entries,
  };
}

export async function runStreamsBench(redisUrl: string | null): Promise<string> {
  const results = [];
  const options = { ttlSeconds: 60, maxEntries: 0 };
  const memory = createMemoryStreamStore(options);
  results.push(await scenario(memory));
  await memory.close();
  if (redisUrl) {
    const redis = createRedisStreamStore({
      ...options,
      url: redisUrl,
      keyPrefix: `copilot-bench:${process.pid}:`,
    });
    results.push(await scenario(redis));
    await redis.close();
  }
  return table(
    [
      "store",
      `append (1 of ${APPENDS}, sequential)`,
      `replay ${APPENDS} entries`,
      `append → ${READERS} live readers (median / p99)`,
      "2,000 fast tokens → stored entries (coalesce 10 ms)",
    ],
    results.map((r) => [
      r.driver,
      `${r.appendUs.toFixed(0)} µs`,
      ms(r.replayMs),
      `${ms(r.latencyMedian)} / ${ms(r.latencyP99)}`,
      r.coalescedAppends,
    ]),
  );
}
