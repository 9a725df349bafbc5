import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ChatSession, ChatSessionDetail, Task } from "@copilot/protocol";
import { streamText } from "ai";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliProcess, freePort, runCli, waitForHttp } from "../testing/cli-process";
import { type HttpClient, httpClient } from "../testing/http-client";
import { deletePrefixedKeys, serviceAvailable, testRedisUrl, uniquePrefix } from "../testing/services";
import { chunkTypes, openSse, textOf } from "../testing/sse-client";
import { createTestDatabase, type TestDatabase } from "../testing/test-db";
import { createOfflineModel } from "./offline-model";

const available = (await serviceAvailable("postgres")) && (await serviceAvailable("redis"));

/**
 * The scaled deployment for real: two `copilot serve` processes sharing one PostgreSQL database
 * and one Redis prefix. A turn produced by process A is cancelled through process B; A stops
 * generating, saves the partial and ends the stream, and either process takes the next turn.
 * Then A is killed mid-turn: the turn is finished on B (its worker takes over the job when A's was
 * writing it).
 */
describe.skipIf(!available)("two server processes sharing Postgres and Redis", { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let dataDir: string;
  const prefix = uniquePrefix("processes");
  const servers: CliProcess[] = [];
  const bases: string[] = [];

  beforeAll(async () => {
    [database, dataDir] = await Promise.all([
      createTestDatabase("postgres"),
      fs.mkdtemp(path.join(os.tmpdir(), "copilot-processes-")),
    ]);
    for (const name of ["a", "b"]) {
      const port = await freePort();
      const server = runCli(["serve", "--no-web"], {
        DATA_DIR: path.join(dataDir, name),
        PORT: String(port),
        DATABASE_URL: database.url ?? "",
        REDIS_URL: testRedisUrl,
        REDIS_KEY_PREFIX: prefix,
        OFFLINE_MODEL_DELAY_MS: "30",
        WORKER_LOCK_MS: "2000",
        WORKER_STALLED_INTERVAL_MS: "500",
      });
      servers.push(server);
      bases.push(`http://127.0.0.1:${port}`);
    }
    await Promise.all(servers.map((server, i) => waitForHttp(`${bases[i]}/readyz`, 60_000, server.exited)));
  });

  afterAll(async () => {
    for (const server of servers) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
    const redis = new Redis(testRedisUrl, { lazyConnect: true });
    await redis.connect();
    await deletePrefixedKeys(redis, prefix);
    redis.disconnect();
    await database?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  /** Signs a user in on A, starts a long turn there and waits for it to be well under way. */
  async function longTurnOnA(email: string) {
    const a = httpClient(bases[0]!);
    await a.signup(email);
    const b = httpClient(bases[1]!, a.cookie());
    const sessionId = (await a.json<ChatSession>("POST", "/api/chat/sessions", {})).id;
    const turn = await post(a, sessionId, "a long answer please");
    await turn.waitFor((entries) => textOf(entries).split(" ").length > 10);
    const taskId = (turn.entries[0]!.chunk as { messageMetadata: { taskId: string } }).messageMetadata.taskId;
    return { b, sessionId, turn, taskId };
  }

  const post = (client: HttpClient, sessionId: string, message: string) =>
    openSse(`${client.base}/api/chat/sessions/${sessionId}/stream`, {
      method: "POST",
      headers: { ...client.headers(), "content-type": "application/json" },
      body: JSON.stringify({ message }),
    });

  it("stops a turn running in one process when another process is asked to cancel it", async () => {
    const { b, sessionId, turn, taskId } = await longTurnOnA("two-processes@example.com");

    // B knows the turn from the shared state alone: the session points at it, the task is running.
    const seenByB = await b.json<ChatSessionDetail>("GET", `/api/chat/sessions/${sessionId}`);
    expect(seenByB.active_stream).toMatchObject({ task_id: taskId });

    const cancelled = await b.call("POST", `/api/chat/tasks/${taskId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as Task).status).toBe("cancelled");
    await turn.ended;

    const types = chunkTypes(turn.entries);
    expect(types.slice(-3)).toEqual(["data-task-status", "abort", "finish"]);
    expect(types.filter((type) => type === "finish")).toHaveLength(1);
    const streamed = textOf(turn.entries);

    // The partial A saved is exactly what was streamed, and the task row says cancelled.
    const session = await b.json<ChatSessionDetail>("GET", `/api/chat/sessions/${sessionId}`);
    expect(session.active_stream).toBeNull();
    const answer = session.messages.find((message) => message.role === "assistant");
    expect(answer?.metadata).toMatchObject({ status: "cancelled" });
    expect(answer?.parts.find((part) => part.type === "text")?.text).toBe(streamed);
    expect(await b.json<Task>("GET", `/api/chat/tasks/${taskId}`)).toMatchObject({ status: "cancelled" });

    // A replay through B after the end is the same stream, and the session takes the next turn (on B).
    const replay = await openSse(`${b.base}/api/chat/tasks/${taskId}/stream?last_message_id=0-0`, {
      headers: b.headers(),
    });
    await replay.ended;
    expect(replay.entries.map((entry) => entry.id)).toEqual(turn.entries.map((entry) => entry.id));
    const next = await post(b, sessionId, "/echo back again");
    await next.ended;
    expect(next.done).toBe(true);
    expect(textOf(next.entries)).toContain("back again");
  });

  it("finishes the turn of a process killed mid-answer on the surviving one, and frees the session", async () => {
    const { b, sessionId, taskId } = await longTurnOnA("killed-producer@example.com");
    // A reader on the survivor, following live.
    const follower = await openSse(`${b.base}/api/chat/tasks/${taskId}/stream?last_message_id=0-0`, {
      headers: b.headers(),
    });
    await follower.waitFor((entries) => entries.length > 3);

    // Either process's worker may be writing the answer; when it was A's, B's worker continues it
    // once A's lock lapses (workers.cluster.test.ts covers each case on its own).
    servers[0]!.child.kill("SIGKILL");
    await servers[0]!.exited;
    await follower.ended;

    expect(follower.done).toBe(true);
    expect(chunkTypes(follower.entries).filter((type) => type === "finish")).toHaveLength(1);
    expect(chunkTypes(follower.entries)).not.toContain("error");
    expect(textOf(follower.entries)).toBe(await longAnswer());
    expect(await b.json<Task>("GET", `/api/chat/tasks/${taskId}`)).toMatchObject({ status: "completed" });
    const session = await b.json<ChatSessionDetail>("GET", `/api/chat/sessions/${sessionId}`);
    expect(session.active_stream).toBeNull();

    const next = await post(b, sessionId, "/echo still here");
    await next.ended;
    expect(textOf(next.entries)).toContain("still here");
  });
});

/** The offline model's answer to the long prompt, uninterrupted (it is deterministic). */
async function longAnswer(): Promise<string> {
  return streamText({ model: createOfflineModel({ delayMs: 0 }), prompt: "a long answer please" }).text;
}
