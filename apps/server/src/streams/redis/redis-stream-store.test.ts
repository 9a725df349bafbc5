import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRedis } from "../../redis/connection";
import { redisServerInstalled, startPrivateRedis } from "../../testing/private-redis";
import { serviceAvailable, testRedisUrl, uniquePrefix } from "../../testing/services";
import { until } from "../../testing/until";
import type { StreamStore, StreamStoreOptions } from "../stream-store";
import { runStreamStoreContract } from "../stream-store.contract";
import { createRedisStreamStore } from "./redis-stream-store";

const available = await serviceAvailable("redis");

describe.runIf(available)("redis stream store", () => {
  let admin: Redis;
  let prefix = "";
  const stores: StreamStore[] = [];

  async function makeStore(options: StreamStoreOptions) {
    const store = createRedisStreamStore({ ...options, url: testRedisUrl, keyPrefix: prefix });
    stores.push(store);
    return store;
  }

  beforeAll(() => {
    admin = createRedis(testRedisUrl, "streams-test-admin");
  });
  afterAll(async () => {
    await admin.quit();
  });
  // Every test gets its own prefix; two stores made within one test share it (two "processes").
  beforeEach(() => {
    prefix = uniquePrefix("streams");
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    // Test cleanup only (never on a request path): delete exactly the keys under this test's prefix.
    let cursor = "0";
    do {
      const [next, keys] = await admin.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await admin.del(...keys);
    } while (cursor !== "0");
  });

  runStreamStoreContract("redis", makeStore, { sharedAcrossInstances: true });

  async function streamConnections(): Promise<string[]> {
    const list = String(await admin.client("LIST"));
    return list
      .split("\n")
      .map((line) => /name=(\S+)/.exec(line)?.[1] ?? "")
      .filter((name) => name.startsWith("copilot:streams-") || name.startsWith("copilot:streams:"))
      .filter((name) => name.endsWith(`:${process.pid}`) && !name.includes("test-admin"));
  }

  it("uses the documented key layout, with TTLs while running and after the end", async () => {
    const store = await makeStore({ ttlSeconds: 120, maxEntries: 0 });
    const [taskId, sessionId, operationId] = [randomUUID(), randomUUID(), randomUUID()];
    await store.createTask({
      taskId,
      sessionId,
      operationId,
      userId: "u1",
      kind: "operation",
      toolName: "t",
    });
    await store.append(taskId, { type: "start" });
    expect(await admin.type(`${prefix}task:${taskId}`)).toBe("hash");
    expect(await admin.type(`${prefix}task:${taskId}:log`)).toBe("stream");
    expect(await admin.get(`${prefix}session:${sessionId}:active`)).toBe(taskId);
    expect(await admin.get(`${prefix}op:${operationId}`)).toBe(taskId);
    expect(await admin.hget(`${prefix}task:${taskId}`, "status")).toBe("running");
    const runningTtls = await Promise.all(
      ["task:", "session:"].map((kind) =>
        admin.pttl(kind === "task:" ? `${prefix}task:${taskId}` : `${prefix}session:${sessionId}:active`),
      ),
    );
    // Running: the abandoned-task floor of one hour, not the two-minute ended TTL.
    for (const ttl of runningTtls) expect(ttl).toBeGreaterThan(120_000);
    expect(await admin.pttl(`${prefix}task:${taskId}:log`)).toBeGreaterThan(120_000);

    await store.finish(taskId, "completed", [{ type: "finish" }]);
    expect(await admin.exists(`${prefix}session:${sessionId}:active`)).toBe(0);
    for (const key of [`task:${taskId}`, `task:${taskId}:log`, `op:${operationId}`]) {
      const ttl = await admin.pttl(`${prefix}${key}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(120_000);
    }
  });

  it("names every connection copilot:<role>:<pid>", async () => {
    const store = await makeStore({ ttlSeconds: 60, maxEntries: 0 });
    const taskId = randomUUID();
    await store.createTask({ taskId, sessionId: randomUUID(), userId: "u", kind: "chat_turn" });
    const read = await store.read(taskId, "0-0");
    if (read.kind !== "stream") throw new Error("expected a stream");
    await store.append(taskId, { type: "start" });
    const iterator = read.reader[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    const names = await streamConnections();
    for (const role of ["streams", "streams-reader", "streams-cancel"]) {
      expect(names).toContain(`copilot:${role}:${process.pid}`);
    }
    read.reader.close();
  });

  it("sends its commands on a given shared connection and leaves it open when it closes", async () => {
    const shared = createRedis(testRedisUrl, "streams-test-shared");
    try {
      const store = createRedisStreamStore({
        ttlSeconds: 60,
        maxEntries: 0,
        url: testRedisUrl,
        keyPrefix: prefix,
        command: shared,
      });
      const taskId = randomUUID();
      await store.createTask({ taskId, sessionId: randomUUID(), userId: "u", kind: "chat_turn" });
      const appended = await store.append(taskId, { type: "start" });
      expect(appended.kind).toBe("appended");
      const names = await streamConnections();
      expect(names).not.toContain(`copilot:streams:${process.pid}`);
      expect(names).toContain(`copilot:streams-cancel:${process.pid}`);
      await store.close();
      // Still usable by its owner: the store closed only its own connections.
      expect(await shared.ping()).toBe("PONG");
      expect(await shared.hget(`${prefix}task:${taskId}`, "status")).toBe("running");
    } finally {
      await shared.quit();
    }
  });

  it("serves 50 concurrent live readers without opening connections", async () => {
    const store = await makeStore({ ttlSeconds: 60, maxEntries: 0 });
    const tasks = Array.from({ length: 5 }, () => randomUUID());
    for (const taskId of tasks) {
      await store.createTask({ taskId, sessionId: randomUUID(), userId: "u", kind: "chat_turn" });
      await store.append(taskId, { type: "start" });
    }
    // Warm up: one live reader starts the multiplexed reader.
    const warm = await store.read(tasks[0]!, "0-0");
    if (warm.kind !== "stream") throw new Error("expected a stream");
    await warm.reader[Symbol.asyncIterator]().next();
    const before = (await streamConnections()).length;

    const readers = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const read = await store.read(tasks[i % tasks.length]!, "0-0");
        if (read.kind !== "stream") throw new Error("expected a stream");
        return read.reader;
      }),
    );
    const received = readers.map(async (reader) => {
      const chunks: string[] = [];
      for await (const entry of reader) chunks.push(entry.chunk.type);
      return chunks;
    });
    for (const taskId of tasks) {
      await store.append(taskId, { type: "text-delta", id: "a", delta: "hi" });
      await store.finish(taskId, "completed", [{ type: "finish" }]);
    }
    for (const chunks of await Promise.all(received))
      expect(chunks).toEqual(["start", "text-delta", "finish"]);
    const after = (await streamConnections()).length;
    expect(after).toBeLessThanOrEqual(before);
    warm.reader.close();
  });

  it("wakes the blocked multiplexed reader for a newly subscribed task at once", async () => {
    const store = await makeStore({ ttlSeconds: 60, maxEntries: 0 });
    const [idle, busy] = [randomUUID(), randomUUID()];
    for (const taskId of [idle, busy]) {
      await store.createTask({ taskId, sessionId: randomUUID(), userId: "u", kind: "chat_turn" });
    }
    const idleRead = await store.read(idle, "0-0");
    if (idleRead.kind !== "stream") throw new Error("expected a stream");
    // The reader now blocks in XREAD on `idle` only; a new task's key must interrupt it.
    const pendingIdle = idleRead.reader[Symbol.asyncIterator]().next();
    const busyRead = await store.read(busy, "0-0");
    if (busyRead.kind !== "stream") throw new Error("expected a stream");
    const startedAt = performance.now();
    await store.append(busy, { type: "start" });
    const next = await busyRead.reader[Symbol.asyncIterator]().next();
    const elapsed = performance.now() - startedAt;
    expect(next.done).toBe(false);
    // Without CLIENT UNBLOCK this would wait out the 5 s BLOCK.
    expect(elapsed).toBeLessThan(1000);
    console.info(`[measure] live delivery to a newly subscribed task: ${elapsed.toFixed(1)} ms`);
    idleRead.reader.close();
    expect((await pendingIdle).done).toBe(true);
    busyRead.reader.close();
  });

  it("fetches the next replay page while one is read, never two ahead", async () => {
    const store = await makeStore({ ttlSeconds: 60, maxEntries: 0 });
    const taskId = randomUUID();
    await store.createTask({ taskId, sessionId: randomUUID(), userId: "u", kind: "chat_turn" });
    const pipeline = [];
    for (let i = 0; i < 1200; i++)
      pipeline.push(store.append(taskId, { type: "text-delta", id: "a", delta: "x" }));
    await Promise.all(pipeline);
    await store.finish(taskId, "completed", [{ type: "finish" }]);
    const read = await store.read(taskId, "0-0");
    if (read.kind !== "stream") throw new Error("expected a stream");
    const { reader } = read;
    // Nothing taken yet: the second page (500) arrives on its own, the third is not asked for.
    await until("the second page, fetched ahead", async () => reader.buffered === 1000);
    await store.ping();
    expect(reader.buffered).toBe(1000);
    expect(reader.available).toBe(1000);
    let count = 0;
    let maxHeld = 0;
    for await (const entry of reader) {
      maxHeld = Math.max(maxHeld, reader.buffered);
      count += 1;
      // What the SSE writer sends as it is: the JSON the append stored.
      expect(entry.json).toBe(
        JSON.stringify(count <= 1200 ? { type: "text-delta", id: "a", delta: "x" } : { type: "finish" }),
      );
    }
    expect(count).toBe(1201);
    expect(maxHeld).toBeLessThanOrEqual(1000);
    expect(reader.endReason).toBe("finished");
  });
});

/**
 * Issue 13: Redis commands per frame. Counted on a private `redis-server` (`INFO commandstats` is
 * server-wide, and the shared one serves every other suite at once).
 */
describe.runIf(await redisServerInstalled())("redis stream store, commands per append", () => {
  it("costs the script and three commands per append: HMGET, XADD, HSET", async () => {
    const redis = await startPrivateRedis({ persistent: false });
    const admin = createRedis(redis.url, "streams-test-admin");
    const store = createRedisStreamStore({ ttlSeconds: 60, maxEntries: 0, url: redis.url, keyPrefix: "" });
    try {
      const taskId = randomUUID();
      await store.createTask({ taskId, sessionId: randomUUID(), userId: "u", kind: "chat_turn" });
      // The first append also sets the keys' running TTL; the ones after it are the hot path.
      await store.append(taskId, { type: "start" });
      await admin.config("RESETSTAT");
      for (let i = 0; i < 10; i++)
        await store.append(taskId, { type: "text-delta", id: "t", delta: `${i} ` });
      const calls = Object.fromEntries(
        String(await admin.info("commandstats"))
          .split("\n")
          .map((line) => /^cmdstat_([a-z|]+):calls=(\d+)/.exec(line.trim()))
          .filter((match) => match !== null)
          .map((match) => [match[1], Number(match[2])]),
      );
      // The test's own RESETSTAT.
      delete calls["config|resetstat"];
      expect(calls).toEqual({ evalsha: 10, hmget: 10, xadd: 10, hset: 10 });
      // The numbering and `last` stay exact without HINCRBY.
      const state = await store.getTask(taskId);
      const snapshot = await store.snapshot(taskId);
      expect(snapshot?.entries.map((entry) => entry.chunk.type)).toEqual([
        "start",
        ...Array(10).fill("text-delta"),
      ]);
      expect(state?.lastId).toBe(snapshot?.entries.at(-1)?.id);
      expect(await admin.hget(`task:${taskId}`, "n")).toBe("11");
    } finally {
      await store.close();
      await admin.quit();
      await redis.close();
    }
  });
});
