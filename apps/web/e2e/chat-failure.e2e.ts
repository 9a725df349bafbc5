import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import {
  getSession,
  LONG_ANSWER_ENV,
  LONG_PROMPT,
  sendMessage,
  sessionIdOf,
  signUp,
  waitForAssistantText,
  waitForIdle,
} from "./chat-helpers";
import { failOnCspViolations } from "./csp-watch";
import { launchBrowser, type RunningApp, startApp } from "./harness";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

/**
 * A turn cut by a server shutdown ends as failed (its partial kept); the page, detached meanwhile,
 * re-attaches to the restarted server through the same proxy, shows the failure and offers Retry,
 * which regenerates the answer.
 */
describe.skipIf(inject("e2eSkipReason") !== "")("chat: failed turn", () => {
  let proxy: TcpProxy;
  let browser: Browser;
  let dataDir: string;
  const apps: RunningApp[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    [proxy, browser, dataDir] = await Promise.all([
      startTcpProxy(),
      launchBrowser(),
      mkdtemp(path.join(tmpdir(), "copilot-e2e-failure-")),
    ]);
    // Both servers share the state: the data folder, and in redis mode one key prefix.
    const redis: Record<string, string> =
      process.env.E2E_MODE === "redis" ? { REDIS_KEY_PREFIX: `copilot-e2e:${randomUUID()}:` } : {};
    env = { ...LONG_ANSWER_ENV, ...redis, SHUTDOWN_GRACE_MS: "200", APP_ORIGIN: proxy.origin };
  });
  // After each attempt, not only at the end: a retry must find the folder's lock released.
  afterEach(async () => {
    for (const app of apps) await app.stop();
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<RunningApp> {
    const app = await startApp({ env, dataDir });
    apps.push(app);
    proxy.setTarget(Number(new URL(app.baseUrl).port));
    return app;
  }

  it("shows why the answer failed and regenerates it on Retry", async () => {
    const first = await start();
    const context: BrowserContext = await browser.newContext({ baseURL: proxy.origin });
    await failOnCspViolations(context);
    const page: Page = await context.newPage();
    onTestFailed(() =>
      console.error(`--- server output ---\n${apps.map((app) => app.logs()).join("\n---\n")}`),
    );
    await signUp(context, proxy.origin);
    await page.goto("/chat");
    await sendMessage(page, LONG_PROMPT);
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    const sessionId = sessionIdOf(page);
    const failedId = await waitForAssistantText(page, 300);

    await first.stop();
    await page.getByTestId("reconnecting").waitFor();
    await start();

    const failed = page.locator(`[data-message-id="${failedId}"]`);
    await failed
      .getByRole("alert")
      .getByText("The server shut down while this answer was being written.")
      .waitFor({
        timeout: 30_000,
      });
    await page.getByTestId("reconnecting").waitFor({ state: "detached" });
    await waitForIdle(page);
    const saved = (await getSession(context, proxy.origin, sessionId)).messages.at(-1);
    expect(saved).toMatchObject({
      id: failedId,
      metadata: { status: "failed", errorCode: "server_shutdown" },
    });

    await failed.getByRole("button", { name: "Retry" }).click();
    await failed.waitFor({ state: "detached" });
    const retriedId = await waitForAssistantText(page, 200);
    expect(retriedId).not.toBe(failedId);
    await page.getByTestId("stop").click();
    await waitForIdle(page);
    const messages = (await getSession(context, proxy.origin, sessionId)).messages;
    expect(messages.map((message) => message.id)).not.toContain(failedId);
    expect(messages.at(-1)?.id).toBe(retriedId);
    expect(await page.locator('[data-role="assistant"]').count()).toBe(1);
    await context.close();
  });
});
