import type { ChatSession, StreamEntry, UIMessage } from "@copilot/protocol";
import { streamText } from "ai";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../testing/cluster";
import { type HttpClient, httpClient } from "../testing/http-client";
import { redisServerInstalled } from "../testing/private-redis";
import { serviceAvailable } from "../testing/services";
import { chunkTypes, openSse, type SseCapture, textOf } from "../testing/sse-client";
import { until } from "../testing/until";
import { createOfflineModel } from "./offline-model";

/**
 * Issue 8: turns are jobs on worker processes. Two API-only processes and workers started as
 * children on a private Redis and a PostgreSQL database of the test's own; workers are killed,
 * paused and stopped under long offline answers, and the readers must see the whole answer once.
 */
const available = (await redisServerInstalled()) && (await serviceAvailable("postgres"));

const LONG = "Tell me a long story";
/** What an uninterrupted turn answers (the offline model is deterministic). */
const expectedLong = await streamText({ model: createOfflineModel({ delayMs: 0 }), prompt: LONG }).text;

const words = (entries: StreamEntry[]) => textOf(entries).split(/\s+/).filter(Boolean).length;
const count = (entries: StreamEntry[], type: string) => chunkTypes(entries).filter((t) => t === type).length;
const statuses = (entries: StreamEntry[]) =>
  entries.flatMap((entry) =>
    entry.chunk.type === "data-task-status" ? [(entry.chunk.data as { status: string }).status] : [],
  );

describe.skipIf(!available)("turns on worker processes", { timeout: 180_000 }, () => {
  let cluster: Cluster | null = null;
  afterEach(async () => {
    await cluster?.close();
    cluster = null;
  });

  async function signedIn(c: Cluster): Promise<[HttpClient, HttpClient]> {
    const a = httpClient(c.apis[0]!.url);
    await a.signup(`user-${Date.now()}@example.com`);
    return [a, httpClient(c.apis[1]?.url ?? c.apis[0]!.url, a.cookie())];
  }

  /** POSTs a message through `api` and returns the task id, leaving the POST's own stream open. */
  async function post(
    api: HttpClient,
    message: string,
  ): Promise<{ taskId: string; sessionId: string; sse: SseCapture }> {
    const sessionId = (await api.json<ChatSession>("POST", "/api/chat/sessions", {})).id;
    const sse = await openSse(`${api.base}/api/chat/sessions/${sessionId}/stream`, {
      method: "POST",
      headers: { ...api.headers(), "content-type": "application/json" },
      body: JSON.stringify({ message }),
    });
    expect(sse.status).toBe(200);
    await sse.waitFor((entries) => entries.length > 0);
    const start = sse.entries[0]!.chunk as { messageMetadata: { taskId: string } };
    return { taskId: start.messageMetadata.taskId, sessionId, sse };
  }

  const attach = (api: HttpClient, taskId: string, after = "0-0") =>
    openSse(`${api.base}/api/chat/tasks/${taskId}/stream?last_message_id=${after}`, {
      headers: api.headers(),
    });

  async function savedAnswer(api: HttpClient, sessionId: string): Promise<UIMessage> {
    const session = await api.json<{ messages: UIMessage[] }>("GET", `/api/chat/sessions/${sessionId}`);
    const answer = session.messages.at(-1);
    if (answer?.role !== "assistant") throw new Error("no saved answer");
    return answer;
  }
  const textParts = (message: UIMessage) =>
    message.parts
      .flatMap((part) => (part.type === "text" ? [(part as unknown as { text: string }).text] : []))
      .join("");

  async function taskRow(c: Cluster, taskId: string) {
    const client = new pg.Client({ connectionString: c.database.url ?? "" });
    await client.connect();
    try {
      const { rows } = await client.query(
        "select status, attempt, error_code from chat_tasks where id = $1",
        [taskId],
      );
      return rows[0] as { status: string; attempt: number; error_code: string | null };
    } finally {
      await client.end();
    }
  }

  it("kill -9 of the worker mid-answer: another worker continues it, the reader on the other API sees it once", async () => {
    cluster = await startCluster({ apis: 2, workers: 1, env: { OFFLINE_MODEL_DELAY_MS: "4" } });
    const [a, b] = await signedIn(cluster);
    const { taskId, sessionId, sse } = await post(a, LONG);
    sse.close();
    const reader = await attach(b, taskId);
    await reader.waitFor((entries) => words(entries) > 150);
    const spare = await cluster.startWorker();
    const killedAt = Date.now();
    cluster.workers[0]!.child.kill("SIGKILL");
    await reader.waitFor((entries) => statuses(entries).includes("resumed"));
    const pause = Date.now() - killedAt;
    await reader.ended;

    expect(reader.done).toBe(true);
    expect(count(reader.entries, "start")).toBe(1);
    expect(count(reader.entries, "finish")).toBe(1);
    expect(reader.entries.at(-1)?.chunk.type).toBe("finish");
    expect(textOf(reader.entries)).toBe(expectedLong);
    // Lock duration (2 s) + stall check interval (0.5 s) + 5 s.
    expect(pause).toBeLessThan(7_500);
    const saved = await savedAnswer(a, sessionId);
    expect(textParts(saved)).toBe(expectedLong);
    expect(await taskRow(cluster, taskId)).toMatchObject({ status: "completed", attempt: 2 });
    expect(spare.child.exitCode).toBeNull();
  });

  it("a tool call whose result was recorded is not run again after its worker dies", async () => {
    cluster = await startCluster({ apis: 2, workers: 1, env: { OFFLINE_MODEL_DELAY_MS: "100" } });
    const [a, b] = await signedIn(cluster);
    // Enough files that the listing's summary streams over several paced deltas.
    const names = Array.from({ length: 24 }, (_, index) => `file-${index}.txt`);
    for (const name of names) {
      const form = new FormData();
      form.append("file", new Blob([`content of ${name}`], { type: "text/plain" }), name);
      const response = await fetch(`${a.base}/api/workspace/files?path=/${name}`, {
        method: "POST",
        headers: a.headers(),
        body: form,
      });
      expect(response.status).toBe(201);
    }
    const { taskId, sessionId, sse } = await post(a, "list my files");
    sse.close();
    const reader = await attach(b, taskId);
    await reader.waitFor((entries) => count(entries, "tool-output-available") === 1);
    // Frozen at once, so it dies mid-way through the text about the listing (paced at 100 ms a delta).
    cluster.workers[0]!.child.kill("SIGSTOP");
    await cluster.startWorker();
    cluster.workers[0]!.child.kill("SIGKILL");
    await reader.ended;

    expect(statuses(reader.entries)).toContain("resumed");
    expect(count(reader.entries, "tool-input-start")).toBe(1);
    expect(count(reader.entries, "tool-output-available")).toBe(1);
    expect(count(reader.entries, "finish")).toBe(1);
    const saved = await savedAnswer(a, sessionId);
    expect(saved.parts.filter((part) => part.type.startsWith("tool-"))).toHaveLength(1);
    expect(textParts(saved)).toBe(textOf(reader.entries));
    expect(textOf(reader.entries)).toContain("file-23.txt");
  });

  it("kill -9 of an API process mid-stream: the client re-attaches through the other API and misses nothing", async () => {
    cluster = await startCluster({ apis: 2, workers: 1, env: { OFFLINE_MODEL_DELAY_MS: "4" } });
    const [a, b] = await signedIn(cluster);
    const { taskId, sse } = await post(a, LONG);
    await sse.waitFor((entries) => words(entries) > 100);
    cluster.apis[0]!.process.child.kill("SIGKILL");
    await sse.ended;
    const lastId = sse.entries.at(-1)!.id;
    const rest = await attach(b, taskId, lastId);
    await rest.ended;

    const all = [...sse.entries, ...rest.entries];
    expect(new Set(all.map((entry) => entry.id)).size).toBe(all.length);
    expect(textOf(all)).toBe(expectedLong);
    expect(count(all, "finish")).toBe(1);
    expect(statuses(all)).not.toContain("resumed");
    expect(await taskRow(cluster, taskId)).toMatchObject({ status: "completed", attempt: 1 });
  });

  it("a paused worker that wakes after another took its turn writes nothing", async () => {
    cluster = await startCluster({ apis: 2, workers: 1, env: { OFFLINE_MODEL_DELAY_MS: "4" } });
    const [a, b] = await signedIn(cluster);
    const { taskId, sessionId, sse } = await post(a, LONG);
    sse.close();
    const reader = await attach(b, taskId);
    await reader.waitFor((entries) => words(entries) > 100);
    const paused = cluster.workers[0]!;
    await cluster.startWorker();
    paused.child.kill("SIGSTOP");
    await reader.waitFor((entries) => statuses(entries).includes("resumed"));
    paused.child.kill("SIGCONT");
    await reader.ended;

    expect(textOf(reader.entries)).toBe(expectedLong);
    expect(count(reader.entries, "finish")).toBe(1);
    // The woken worker stops on its first refused write; give it time to try, then check nothing moved.
    const log = await attach(b, taskId);
    await log.ended;
    expect(log.entries.map((entry) => entry.id)).toEqual(reader.entries.map((entry) => entry.id));
    expect(textParts(await savedAnswer(a, sessionId))).toBe(expectedLong);
    expect(await taskRow(cluster, taskId)).toMatchObject({ status: "completed", attempt: 2 });
  });

  it("with every worker gone a turn waits queued, then completes when a worker starts", async () => {
    cluster = await startCluster({ apis: 2, workers: 1, env: { OFFLINE_MODEL_DELAY_MS: "4" } });
    const [a, b] = await signedIn(cluster);
    const first = await post(a, LONG);
    await first.sse.waitFor((entries) => words(entries) > 50);
    cluster.workers[0]!.child.kill("SIGKILL");
    await cluster.workers[0]!.exited;
    const second = await post(b, "/echo waiting for a worker");
    await second.sse.waitFor((entries) => statuses(entries).includes("queued"));
    expect(await taskRow(cluster, second.taskId)).toMatchObject({ status: "queued" });
    await cluster.startWorker();
    await Promise.all([first.sse.ended, second.sse.ended]);

    expect(textOf(first.sse.entries)).toBe(expectedLong);
    expect(statuses(first.sse.entries)).toContain("resumed");
    expect(textOf(second.sse.entries)).toBe("waiting for a worker");
    expect(count(second.sse.entries, "finish")).toBe(1);
  });

  it("SIGTERM on a busy worker hands its turn to the other at once, without waiting for stall detection", async () => {
    cluster = await startCluster({
      apis: 1,
      workers: 1,
      // A long lock: a takeover through stall detection would take 30 s; a handoff must not.
      env: { OFFLINE_MODEL_DELAY_MS: "4", WORKER_LOCK_MS: "30000", WORKER_STALLED_INTERVAL_MS: "30000" },
    });
    const [a] = await signedIn(cluster);
    const { sse } = await post(a, LONG);
    await sse.waitFor((entries) => words(entries) > 100);
    await cluster.startWorker();
    const stoppedAt = Date.now();
    cluster.workers[0]!.child.kill("SIGTERM");
    await sse.waitFor((entries) => statuses(entries).includes("resumed"));
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    await sse.ended;
    expect(textOf(sse.entries)).toBe(expectedLong);
    expect(count(sse.entries, "finish")).toBe(1);
    expect((await cluster.workers[0]!.exited).code).toBe(0);
  });

  it("cancel through the other API stops the turn on its worker, and a queued turn too", async () => {
    cluster = await startCluster({ apis: 2, workers: 1, env: { OFFLINE_MODEL_DELAY_MS: "20" } });
    const [a, b] = await signedIn(cluster);
    const running = await post(a, LONG);
    await running.sse.waitFor((entries) => words(entries) > 10);
    const asked = Date.now();
    const cancelled = await b.json<{ status: string }>("POST", `/api/chat/tasks/${running.taskId}/cancel`);
    expect(cancelled.status).toBe("cancelled");
    await running.sse.ended;
    expect(Date.now() - asked).toBeLessThan(1_000 + 3_000);
    expect(running.sse.entries.at(-1)?.chunk).toMatchObject({ type: "finish" });
    expect(statuses(running.sse.entries)).toContain("cancelled");

    cluster.workers[0]!.child.kill("SIGKILL");
    await cluster.workers[0]!.exited;
    const queued = await post(b, "/echo never written");
    await queued.sse.waitFor((entries) => statuses(entries).includes("queued"));
    expect((await a.json<{ status: string }>("POST", `/api/chat/tasks/${queued.taskId}/cancel`)).status).toBe(
      "cancelled",
    );
    await queued.sse.ended;
    expect(count(queued.sse.entries, "finish")).toBe(1);
    expect(textOf(queued.sse.entries)).toBe("");
    await cluster.startWorker();
    expect(await taskRow(cluster, queued.taskId)).toMatchObject({ status: "cancelled" });
  });

  it("a Redis restart mid-turn: 503 while it is down, and the turn never stays running", async () => {
    cluster = await startCluster({
      apis: 2,
      workers: 1,
      persistentRedis: true,
      env: { OFFLINE_MODEL_DELAY_MS: "10" },
    });
    const [a, b] = await signedIn(cluster);
    const { taskId, sessionId, sse } = await post(a, LONG);
    await sse.waitFor((entries) => words(entries) > 50);
    await cluster.redis.kill();
    const refused = await b.call("POST", `/api/chat/sessions/${sessionId}/stream`, {
      message: "/echo during",
    });
    expect(refused.status).toBe(503);
    expect((await fetch(`${b.base}/readyz`)).status).toBe(503);
    await cluster.redis.start();
    const ended = await until(
      "the turn to end",
      async () => {
        const row = await taskRow(cluster!, taskId);
        return row.status !== "running" && row.status !== "queued" ? row : null;
      },
      60_000,
    );
    expect(["completed", "failed"]).toContain(ended.status);
    const again = await until(
      "a new turn to be accepted",
      async () => {
        const response = await b.call("POST", `/api/chat/sessions/${sessionId}/stream`, {
          message: "/echo after",
        });
        if (response.status !== 200) return null;
        await response.text();
        return response;
      },
      30_000,
    );
    expect(again.status).toBe(200);
  });

  it("a turn whose workers die TURN_MAX_ATTEMPTS times ends as worker_lost, the partial kept", async () => {
    cluster = await startCluster({
      apis: 1,
      workers: 1,
      env: { OFFLINE_MODEL_DELAY_MS: "4", TURN_MAX_ATTEMPTS: "1" },
    });
    const [a] = await signedIn(cluster);
    const { taskId, sessionId, sse } = await post(a, LONG);
    await sse.waitFor((entries) => words(entries) > 50);
    await cluster.startWorker();
    cluster.workers[0]!.child.kill("SIGKILL");
    await sse.ended;

    expect(sse.entries.at(-1)?.chunk).toMatchObject({ type: "finish", finishReason: "error" });
    const failed = sse.entries.find((entry) => entry.chunk.type === "data-task-status");
    expect(failed?.chunk).toMatchObject({ data: { status: "failed", code: "worker_lost" } });
    const streamed = textOf(sse.entries);
    expect(expectedLong.startsWith(streamed)).toBe(true);
    expect(streamed.length).toBeLessThan(expectedLong.length);
    expect(await taskRow(cluster, taskId)).toMatchObject({ status: "failed", error_code: "worker_lost" });
    expect(textParts(await savedAnswer(a, sessionId))).toBe(streamed);
  });

  it("a turn no worker takes within TURN_QUEUE_TIMEOUT_SECONDS ends as no_worker", async () => {
    cluster = await startCluster({ apis: 2, workers: 0, env: { TURN_QUEUE_TIMEOUT_SECONDS: "2" } });
    const [a] = await signedIn(cluster);
    const { taskId, sse } = await post(a, "/echo nobody home");
    await sse.waitFor((entries) => statuses(entries).includes("queued"));
    await sse.ended;
    expect(statuses(sse.entries)).toEqual(["queued", "failed"]);
    expect(
      sse.entries.find(
        (entry) => entry.chunk.type === "data-task-status" && statuses([entry])[0] === "failed",
      )?.chunk,
    ).toMatchObject({
      data: { code: "no_worker" },
    });
    expect(await taskRow(cluster, taskId)).toMatchObject({ status: "failed", error_code: "no_worker" });
    // The queue is empty again: a worker arriving later does not write the turn.
    const ready = (await (await fetch(`${a.base}/readyz`)).json()) as { queue: object };
    expect(ready.queue).toMatchObject({ driver: "bullmq", ok: true, waiting: 0, active: 0, workers: 0 });
  });
});
