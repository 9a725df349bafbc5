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
  getSession,
  getTask,
  LONG_ANSWER_ENV,
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
import { launchBrowser, type RunningApp, startApp } from "./harness";

describe.skipIf(inject("e2eSkipReason") !== "")("chat: stop", () => {
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

  /** Stops the running answer with `how`, then checks the task and what the page shows. */
  async function stopAndCheck(sessionId: string, messageId: string, how: () => Promise<void>) {
    await how();
    await waitForIdle(page, 10_000);
    const saved = (await getSession(context, app.baseUrl, sessionId)).messages.find(
      (message) => message.id === messageId,
    );
    expect(saved?.metadata?.status).toBe("cancelled");
    const taskId = String(saved?.metadata?.taskId);
    expect((await getTask(context, app.baseUrl, taskId)).status).toBe("cancelled");
    // Nothing was rendered after the stop: the page shows exactly the saved partial answer.
    const shown = await renderedText(page, messageId);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toBe(markdownAsText(savedText(saved!)));
    await page.locator(`[data-message-id="${messageId}"]`).getByText("Stopped").waitFor();
    return shown;
  }

  it("Stop (button, then Esc) cancels the task, renders nothing after it, and the composer works again", async () => {
    await signUp(context, app.baseUrl);
    await page.goto("/chat");
    await sendMessage(page, LONG_PROMPT);
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    const sessionId = sessionIdOf(page);
    const first = await waitForAssistantText(page, 200);
    const stopped = await stopAndCheck(sessionId, first, () => page.getByTestId("stop").click());

    await sendMessage(page, "/echo all **good**");
    await page.locator('[data-role="assistant"]').nth(1).getByText("all good").waitFor();
    await waitForIdle(page);
    // The stopped answer did not change meanwhile.
    expect(await renderedText(page, first)).toBe(stopped);

    await sendMessage(page, LONG_PROMPT);
    await page.locator('[data-role="assistant"]').nth(2).waitFor();
    const third = await waitForAssistantText(page, 200);
    expect(third).not.toBe(first);
    await stopAndCheck(sessionId, third, () => page.keyboard.press("Escape"));
  });
});
