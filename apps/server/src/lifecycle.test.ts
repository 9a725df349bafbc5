import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ChatSession, ChatSessionDetail, Task } from "@copilot/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freePort, runCli, waitForHttp } from "./testing/cli-process";
import { httpClient } from "./testing/http-client";
import { chunkTypes, openSse, textOf } from "./testing/sse-client";

/**
 * Process-level guarantees of the embedded mode: SIGTERM with SSE clients attached exits within
 * 10 s and ends running turns cleanly; a kill -9 mid-turn leaves no zombie after the restart.
 */
describe("server lifecycle", { timeout: 180_000 }, () => {
  let dataDir: string;
  const running: Array<ReturnType<typeof runCli>> = [];
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "copilot-life-"));
  });
  afterEach(async () => {
    for (const cli of running.splice(0)) {
      cli.child.kill("SIGKILL");
      await cli.exited;
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function start(port: number, env: Record<string, string> = {}) {
    const cli = runCli(["serve", "--no-web"], { DATA_DIR: dataDir, PORT: String(port), ...env });
    running.push(cli);
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, cli.exited);
    return cli;
  }

  const client = (port: number) => httpClient(`http://127.0.0.1:${port}`);

  it("exits within 10 s on SIGTERM with SSE clients attached; the cut turn ends as server_shutdown", async () => {
    const port = await freePort();
    const server = await start(port, { OFFLINE_MODEL_DELAY_MS: "40", SHUTDOWN_GRACE_MS: "1500" });
    const api = client(port);
    await api.signup("life@example.com");
    const sessionId = (await api.json<ChatSession>("POST", "/api/chat/sessions", {})).id;
    const turn = await openSse(`${api.base}/api/chat/sessions/${sessionId}/stream`, {
      method: "POST",
      headers: { ...api.headers(), "content-type": "application/json" },
      body: JSON.stringify({ message: "tell me something long" }),
    });
    await turn.waitFor((entries) => textOf(entries).split(" ").length > 10);
    const taskId = (turn.entries[0]!.chunk as { messageMetadata: { taskId: string } }).messageMetadata.taskId;
    const others = await Promise.all([
      openSse(`${api.base}/api/chat/tasks/${taskId}/stream?last_message_id=0-0`, { headers: api.headers() }),
      openSse(`${api.base}/api/chat/tasks/${taskId}/stream?last_message_id=0-0`, { headers: api.headers() }),
      openSse(`${api.base}/api/chat/sessions/${sessionId}/stream`, { headers: api.headers() }),
    ]);
    await Promise.all(others.map((sse) => sse.waitFor((entries) => entries.length > 3)));

    const signalled = Date.now();
    server.child.kill("SIGTERM");
    let saw503 = false;
    for (;;) {
      const response = await fetch(`${api.base}/api/auth/me`, { headers: api.headers() }).catch(() => null);
      if (!response) break;
      if (response.status === 503) {
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe("shutting_down");
        saw503 = true;
        break;
      }
    }
    const outcome = await server.exited;
    expect(outcome.code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(saw503).toBe(true);
    for (const sse of [turn, ...others]) {
      await sse.ended;
      expect(sse.done).toBe(false); // ended without finish: a disconnect, clients re-attach
      expect(chunkTypes(sse.entries)).not.toContain("finish");
    }

    await start(port);
    const again = client(port);
    await again.signup("life@example.com");
    const task = await again.json<Task>("GET", `/api/chat/tasks/${taskId}`);
    expect(task).toMatchObject({ status: "failed", error_code: "server_shutdown" });
    const session = await again.json<ChatSessionDetail>("GET", `/api/chat/sessions/${sessionId}`);
    expect(session.active_stream).toBeNull();
    const answer = session.messages.find((message) => message.role === "assistant");
    expect(answer?.metadata).toMatchObject({ status: "failed", errorCode: "server_shutdown" });
    const saved = String(answer?.parts.find((part) => part.type === "text")?.text ?? "");
    expect(saved.length).toBeGreaterThan(0);
    expect(textOf(turn.entries).startsWith(saved) || saved.startsWith(textOf(turn.entries))).toBe(true);
  });

  it("after kill -9 mid-turn, the restart ends the turn as server_restarted and keeps the partial", async () => {
    const port = await freePort();
    const server = await start(port, { OFFLINE_MODEL_DELAY_MS: "20" });
    const api = client(port);
    await api.signup("crash@example.com");
    const sessionId = (await api.json<ChatSession>("POST", "/api/chat/sessions", {})).id;
    const turn = await openSse(`${api.base}/api/chat/sessions/${sessionId}/stream`, {
      method: "POST",
      headers: { ...api.headers(), "content-type": "application/json" },
      body: JSON.stringify({ message: "a long one please" }),
    });
    // Past the first checkpoint (every 2 s): 200 words at ≥ 20 ms each is ≥ 4 s of streaming.
    await turn.waitFor((entries) => textOf(entries).split(" ").length > 200);
    const taskId = (turn.entries[0]!.chunk as { messageMetadata: { taskId: string } }).messageMetadata.taskId;
    server.child.kill("SIGKILL");
    await server.exited;
    await turn.ended;

    await start(port);
    const again = client(port);
    await again.signup("crash@example.com");
    const task = await again.json<Task>("GET", `/api/chat/tasks/${taskId}`);
    expect(task).toMatchObject({ status: "failed", error_code: "server_restarted" });
    const session = await again.json<ChatSessionDetail>("GET", `/api/chat/sessions/${sessionId}`);
    expect(session.active_stream).toBeNull();
    const answer = session.messages.find((message) => message.role === "assistant");
    expect(answer?.metadata).toMatchObject({ status: "failed", errorCode: "server_restarted" });
    const saved = String(answer?.parts.find((part) => part.type === "text")?.text ?? "");
    expect(saved.split(" ").length).toBeGreaterThan(20);
    expect(textOf(turn.entries).startsWith(saved)).toBe(true);
    // The log died with the process: the task's stream is gone (410), and the session is free.
    const stream = await again.call("GET", `/api/chat/tasks/${taskId}/stream`);
    expect(stream.status).toBe(410);
    const next = await again.call("POST", `/api/chat/sessions/${sessionId}/stream`, {
      message: "/echo still here",
    });
    expect(next.status).toBe(200);
    expect(await next.text()).toContain("still here");
  });
});
