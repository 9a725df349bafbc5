import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { frame } from "../apps/server/src/http/sse";
import { createRedisStreamStore } from "../apps/server/src/streams/redis/redis-stream-store";
import { median, ms, percentile, table } from "./stats";

/**
 * `npm run bench:replay [-- rounds]`: the stream store's own share of a resume, in process and
 * without HTTP. A 10,000-entry log (text deltas like the streaming bench's backlog) is written to
 * Redis (`BENCH_REDIS_URL`, default the local one) under a private key prefix, then read from
 * `0-0` to its `finish` through `StreamStore.read`, each entry framed as the SSE writer frames it.
 * Wall time per read: median and p90 of the rounds after a first cold one. Deletes its keys.
 * `bench:streams`' resume scenario measures the same over HTTP from another process.
 */
const ROUNDS = Number(process.argv[2] ?? 30);
const ENTRIES = 10_000;
const url = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const keyPrefix = `copilot-bench-replay:${process.pid}:${randomUUID()}:`;
const store = createRedisStreamStore({ url, keyPrefix, ttlSeconds: 600, maxEntries: 0 });
const taskId = randomUUID();

try {
  await store.createTask({ taskId, sessionId: randomUUID(), userId: randomUUID(), kind: "chat_turn" });
  for (let n = 0; n < ENTRIES; n++)
    await store.append(taskId, { type: "text-delta", id: "text-1", delta: `~bench${n}~ ` });
  await store.finish(taskId, "completed", [{ type: "finish" }]);

  const times: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const started = performance.now();
    const read = await store.read(taskId, "0-0");
    if (read.kind !== "stream") throw new Error(`read: ${read.kind}`);
    let entries = 0;
    let bytes = 0;
    for await (const entry of read.reader) {
      bytes += frame(entry).length;
      entries += 1;
    }
    if (entries !== ENTRIES + 1 || bytes === 0) throw new Error(`read ${entries} entries of ${ENTRIES + 1}`);
    if (round > 0) times.push(performance.now() - started);
  }
  console.log(
    `Replay of a ${ENTRIES.toLocaleString("en")}-entry log from Redis, in process; Node ${process.version}\n`,
  );
  console.log(
    table(
      ["rounds", "median", "p90", "min", "per entry (median)"],
      [
        [
          ROUNDS,
          ms(median(times)),
          ms(percentile(times, 90)),
          ms(Math.min(...times)),
          `${((median(times) * 1000) / ENTRIES).toFixed(1)} µs`,
        ],
      ],
    ),
  );
} finally {
  await store.close();
  const redis = new Redis(url);
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}
