import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ChatSession, ChatSessionDetail, StreamEntry, Task } from "@copilot/protocol";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliProcess, freePort, runCli, waitForHttp } from "../testing/cli-process";
import { type HttpClient, httpClient } from "../testing/http-client";
import { deletePrefixedKeys, serviceAvailable, testRedisUrl, uniquePrefix } from "../testing/services";
import { chunkTypes, openSse, textOf } from "../testing/sse-client";
import { createTestDatabase, type TestDatabase } from "../testing/test-db";

const available = (await serviceAvailable("postgres")) && (await serviceAvailable("redis"));

/**
 * The scaled deployment for real: two `copilot serve` processes sharing one PostgreSQL database
 * and one Redis prefix. A turn produced by process A is cancelled through process B; A stops
 * generating, saves the partial and ends the stream, and either process takes the next turn.
 * Then A is killed mid-turn: B notices A's silence within the lease and ends the turn truthfully.
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
        TURN_LEASE_SECONDS: "3",
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

  it("ends the turn of a process killed mid-answer from the surviving one, and frees the session", async () => {
    const { b, sessionId, taskId } = await longTurnOnA("killed-producer@example.com");
    // A reader on the survivor, following live.
    const follower = await openSse(`${b.base}/api/chat/tasks/${taskId}/stream?last_message_id=0-0`, {
      headers: b.headers(),
    });
    await follower.waitFor((entries) => entries.length > 3);

    servers[0]!.child.kill("SIGKILL");
    await servers[0]!.exited;
    await follower.ended; // B's next beats past the 3 s lease end it; no fixed wait

    expect(follower.done).toBe(true);
    const status = follower.entries.find((entry: StreamEntry) => entry.chunk.type === "data-task-status");
    expect(status?.chunk).toMatchObject({ data: { status: "failed", code: "server_restarted" } });
    expect(chunkTypes(follower.entries).slice(-2)).toEqual(["error", "finish"]);
    expect(await b.json<Task>("GET", `/api/chat/tasks/${taskId}`)).toMatchObject({
      status: "failed",
      error_code: "server_restarted",
    });
    const session = await b.json<ChatSessionDetail>("GET", `/api/chat/sessions/${sessionId}`);
    expect(session.active_stream).toBeNull();

    const next = await post(b, sessionId, "/echo still here");
    await next.ended;
    expect(textOf(next.entries)).toContain("still here");
  });
});
