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
  assistantSelector,
  contentOf,
  countStreamGets,
  getSession,
  LONG_ANSWER_ENV,
  LONG_PROMPT,
  markdownAsText,
  renderedText,
  savedText,
  sendMessage,
  sessionIdOf,
  signUp,
  textLength,
  waitForAssistantText,
  waitForIdle,
} from "./chat-helpers";
import { launchBrowser, type RunningApp, startApp } from "./harness";

describe.skipIf(inject("e2eSkipReason") !== "")("chat: reload mid-answer", () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ env: LONG_ANSWER_ENV }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  beforeEach(async () => {
    context = await browser.newContext({ baseURL: app.baseUrl });
    page = await context.newPage();
    onTestFailed(() => console.error(`--- server output ---\n${app.logs()}\n--- page: ${page.url()}`));
  });
  afterEach(async () => {
    await context?.close();
  });

  it("shows the whole answer exactly once, still streaming, with one stream attach per load", async () => {
    await signUp(context, app.baseUrl);
    await page.goto("/chat");
    await sendMessage(page, LONG_PROMPT);
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    const messageId = await waitForAssistantText(page, 300);
    const sessionId = sessionIdOf(page);

    // The first HTML of the page already knows a turn runs: Stop shown, composer disabled.
    const html = await (await context.request.get(`/chat/${sessionId}`)).text();
    expect(html).toContain('data-testid="stop"');
    expect(html).toMatch(/<textarea[^>]*data-testid="composer"[^>]*disabled=""/);

    const streamGets = countStreamGets(page);
    // Hydration mismatches and uncaught errors surface here in a production build.
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.reload();
    await page.getByTestId("stop").waitFor();
    const afterReload = await waitForAssistantText(page, 1);
    expect(afterReload).toBe(messageId);
    // It keeps streaming after the replay.
    const replayed = await textLength(page, messageId);
    await page.waitForFunction(
      ({ selector, length }) => (document.querySelector(selector)?.textContent?.length ?? 0) > length + 200,
      { selector: contentOf(messageId), length: replayed },
      { timeout: 30_000 },
    );
    expect(await page.getByTestId("composer").isDisabled()).toBe(true);

    await waitForIdle(page);
    const detail = await getSession(context, app.baseUrl, sessionId);
    expect(detail.active_stream).toBeNull();
    const saved = detail.messages.at(-1);
    expect(saved?.id).toBe(messageId);
    expect(saved?.metadata?.status).toBe("completed");
    expect(await renderedText(page, messageId)).toBe(markdownAsText(savedText(saved!)));
    expect(await page.locator(assistantSelector).count()).toBe(1);

    expect(errors).toEqual([]);
    expect(streamGets.urls).toHaveLength(1);
    expect(streamGets.urls[0]).toContain("last_message_id=0-0");
  });
});
