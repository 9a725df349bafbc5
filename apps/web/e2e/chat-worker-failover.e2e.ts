import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createSession,
  getSession,
  LONG_PROMPT,
  markdownAsText,
  renderedText,
  savedText,
  sendMessage,
  sessionIdOf,
  signUp,
  waitForAssistantText,
  waitForIdle,
} from "./chat-helpers";
import { freePort, launchBrowser, REDIS_URL, repoRoot, serverEntry } from "./harness";

/**
 * Issue 8 in a real browser: the scaled shape (an API-only process serving the web app, worker
 * processes, PostgreSQL and Redis). The worker writing a long answer is killed mid-answer; the
 * page keeps streaming it after a visible "resumed" note, and ends with exactly the answer an
 * uninterrupted run gives. Runs in the Redis e2e project only (it is about the scaled mode).
 */
const scaled = process.env.E2E_MODE === "redis";

/** A PostgreSQL database of this file's own (the server migrates it at start). */
function psql(sql: string) {
  const result = spawnSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", sql], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
}

describe.skipIf(inject("e2eSkipReason") !== "" || !scaled)("chat: a worker dies mid-answer", () => {
  const database = `copilot_e2e_${randomUUID().replaceAll("-", "")}`;
  let dataDir: string;
  let browser: Browser;
  let baseUrl = "";
  const children: ChildProcess[] = [];
  const output: string[] = [];
  let env: Record<string, string | undefined> = {};

  function start(args: string[], extra: Record<string, string> = {}): ChildProcess {
    const child = spawn(process.execPath, [serverEntry, ...args], {
      cwd: repoRoot,
      env: { ...env, ...extra } as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (data: Buffer) =>
      output.push(...data.toString("utf8").split("\n").filter(Boolean).slice(-50));
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    children.push(child);
    return child;
  }

  async function workers(): Promise<number> {
    const ready = (await (await fetch(`${baseUrl}/readyz`)).json()) as { queue: { workers: number | null } };
    return ready.queue.workers ?? 0;
  }

  async function startWorker(): Promise<ChildProcess> {
    const before = await workers();
    const child = start(["worker"]);
    const deadline = Date.now() + 60_000;
    while ((await workers()) <= before) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`worker did not start:\n${output.join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return child;
  }

  beforeAll(async () => {
    psql(`create database ${database}`);
    [dataDir, browser] = await Promise.all([
      mkdtemp(path.join(tmpdir(), "copilot-e2e-failover-")),
      launchBrowser(),
    ]);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
      REDIS_URL,
      REDIS_KEY_PREFIX: `copilot-e2e:${randomUUID()}:`,
      LOG_LEVEL: "warn",
      OFFLINE_MODEL_DELAY_MS: "6",
      WORKER_LOCK_MS: "2000",
      WORKER_STALLED_INTERVAL_MS: "500",
    };
    start(["serve", "--no-worker"]);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ok = await fetch(`${baseUrl}/readyz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`API not ready:\n${output.join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await startWorker();
  });

  afterAll(async () => {
    await browser?.close();
    const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
    for (const child of running) child.kill("SIGKILL");
    await Promise.all(running.map((child) => new Promise((resolve) => child.once("exit", resolve))));
    psql(`drop database if exists ${database} with (force)`);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps streaming the answer in the page, with a resumed note, and shows it exactly once", async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    try {
      await signUp(context, baseUrl);
      await page.goto("/chat");
      await sendMessage(page, LONG_PROMPT);
      await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
      const sessionId = sessionIdOf(page);
      const messageId = await waitForAssistantText(page, 300);

      const writing = children.at(-1)!;
      await startWorker();
      writing.kill("SIGKILL");
      await page.getByTestId("turn-resumed-note").waitFor({ timeout: 30_000 });
      await waitForIdle(page);

      // The same prompt answered without interruption (the offline model is deterministic).
      const expected = await uninterruptedAnswer(context);
      const saved = (await getSession(context, baseUrl, sessionId)).messages.find(
        (message) => message.id === messageId,
      );
      expect(savedText(saved!)).toBe(expected);
      expect(await renderedText(page, messageId)).toBe(markdownAsText(expected));
      expect(saved?.metadata?.status).toBe("completed");
    } catch (error) {
      console.error(`--- cluster output ---\n${output.slice(-100).join("\n")}`);
      throw error;
    } finally {
      await context.close();
    }
  });

  async function uninterruptedAnswer(context: BrowserContext): Promise<string> {
    const sessionId = await createSession(context, baseUrl);
    const response = await context.request.post(`${baseUrl}/api/chat/sessions/${sessionId}/stream`, {
      data: { message: LONG_PROMPT },
      headers: { origin: baseUrl },
      timeout: 90_000,
    });
    expect(response.status()).toBe(200);
    await response.body();
    const answer = (await getSession(context, baseUrl, sessionId)).messages.at(-1);
    return savedText(answer!);
  }
});
