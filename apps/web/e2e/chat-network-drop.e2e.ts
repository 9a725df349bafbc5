import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  inject,
  it,
  onTestFailed,
} from "vitest";
import {
  contentOf,
  countStreamGets,
  getSession,
  LONG_ANSWER_ENV,
  LONG_PROMPT,
  markdownAsText,
  readMessageWatch,
  renderedText,
  savedText,
  sendMessage,
  sessionIdOf,
  signUp,
  textLength,
  waitForAssistantText,
  waitForIdle,
  watchMessage,
} from "./chat-helpers";
import { failOnCspViolations } from "./csp-watch";
import { launchBrowser, type RunningApp, startApp } from "./harness";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

/**
 * The browser reaches the app only through a proxy the test controls, which breaks the network
 * mid-answer. The answer must complete with nothing missing or repeated, in the same element.
 */
describe.skipIf(inject("e2eSkipReason") !== "")("chat: network drop", () => {
  let app: RunningApp;
  let proxy: TcpProxy;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    proxy = await startTcpProxy();
    // A short heartbeat, so a stalled connection is noticed (2 × heartbeat) within the test.
    const env = { ...LONG_ANSWER_ENV, SSE_HEARTBEAT_MS: "1000", APP_ORIGIN: proxy.origin };
    [app, browser] = await Promise.all([startApp({ env }), launchBrowser()]);
    proxy.setTarget(Number(new URL(app.baseUrl).port));
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await app?.stop();
  });
  beforeEach(async () => {
    context = await browser.newContext({ baseURL: proxy.origin });
    await failOnCspViolations(context);
    page = await context.newPage();
    onTestFailed(() => console.error(`--- server output ---\n${app.logs()}\n--- page: ${page.url()}`));
  });
  afterEach(async () => {
    await context?.close();
  });

  async function startLongAnswer(): Promise<{ sessionId: string; messageId: string }> {
    await signUp(context, proxy.origin);
    await page.goto("/chat");
    await sendMessage(page, LONG_PROMPT);
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    const messageId = await waitForAssistantText(page, 300);
    await watchMessage(page, messageId);
    return { sessionId: sessionIdOf(page), messageId };
  }

  async function expectCompleteAndIntact(sessionId: string, messageId: string) {
    await waitForIdle(page);
    const detail = await getSession(context, proxy.origin, sessionId);
    const saved = detail.messages.at(-1);
    expect(saved?.id).toBe(messageId);
    expect(saved?.metadata?.status).toBe("completed");
    expect(await renderedText(page, messageId)).toBe(markdownAsText(savedText(saved!)));
    const watch = await readMessageWatch(page, messageId);
    expect(watch.removed).toEqual([]);
    expect(watch.shrank).toEqual([]);
    expect(watch.sameNode).toBe(true);
    expect(watch.connected).toBe(true);
  }

  it("drops every socket and refuses connections for 3 s: the answer completes in the same element", async () => {
    const { sessionId, messageId } = await startLongAnswer();
    const streamGets = countStreamGets(page);
    const before = await textLength(page, messageId);
    const outage = proxy.cut(3_000);
    await page.getByTestId("reconnecting").waitFor({ timeout: 5_000 });
    await outage;
    await page.getByTestId("reconnecting").waitFor({ state: "detached", timeout: 15_000 });
    // Re-attached from where it was, not from the start.
    expect(streamGets.urls.length).toBeGreaterThanOrEqual(1);
    expect(streamGets.urls.every((url) => !url.includes("last_message_id=0-0"))).toBe(true);
    expect(await textLength(page, messageId)).toBeGreaterThanOrEqual(before);
    await expectCompleteAndIntact(sessionId, messageId);
  });

  it("notices a stalled connection (no byte for two heartbeats) and re-attaches", async () => {
    const { sessionId, messageId } = await startLongAnswer();
    const streamGets = countStreamGets(page);
    const stalledAt = await textLength(page, messageId);
    proxy.stall();
    // Within two heartbeats the page gives up on the silent connection and re-attaches from its
    // last id (on a fresh or an idle pooled connection), where the text keeps growing.
    await expect
      .poll(
        () =>
          streamGets.urls.filter((url) => /last_message_id=\d+-\d+/.test(url) && !url.includes("=0-0"))
            .length,
        {
          timeout: 10_000,
          interval: 50,
        },
      )
      .toBeGreaterThan(0);
    await page.waitForFunction(
      ({ selector, length }) => (document.querySelector(selector)?.textContent?.length ?? 0) > length + 200,
      { selector: contentOf(messageId), length: stalledAt },
      { timeout: 15_000 },
    );
    await expectCompleteAndIntact(sessionId, messageId);
  });
});
