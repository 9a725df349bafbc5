import type { BrowserContext } from "playwright-core";
import { afterEach, describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import {
  contentOf,
  createSession,
  getSession,
  LONG_ANSWER_ENV,
  LONG_PROMPT,
  markdownAsText,
  renderedText,
  savedText,
  sendMessage,
  signUp,
  textLength,
  waitForAssistantText,
  waitForIdle,
} from "./chat-helpers";
import { failOnCspViolations } from "./csp-watch";

/** Two browser contexts share nothing but the account: as two devices would. */
describe.skipIf(inject("e2eSkipReason") !== "")("chat: two devices", () => {
  const t = useBrowserApp({ env: LONG_ANSWER_ENV });
  let second: BrowserContext | undefined;
  afterEach(async () => {
    await second?.close();
  });

  it("shows a turn started on one device live on the other, within 3 s, without reload", async () => {
    const first = t.context;
    await signUp(first, t.app.baseUrl);
    const sessionId = await createSession(first, t.app.baseUrl);
    second = await t.browser.newContext({
      baseURL: t.app.baseUrl,
      storageState: await first.storageState(),
    });
    await failOnCspViolations(second);

    const watcher = await second.newPage();
    await watcher.goto(`/chat/${sessionId}`);
    await waitForIdle(watcher);
    const writer = t.page;
    await writer.goto(`/chat/${sessionId}`);
    await sendMessage(writer, LONG_PROMPT);
    const messageId = await waitForAssistantText(writer, 1);

    // The idle watcher polls the session while visible: it learns of the turn within 3 s.
    await watcher.getByTestId("stop").waitFor({ timeout: 3_000 });
    expect(await waitForAssistantText(watcher, 1, 10_000)).toBe(messageId);
    await watcher.getByText(LONG_PROMPT).waitFor();
    // Live: the text keeps growing there while the answer is written.
    const seen = await textLength(watcher, messageId);
    await watcher.waitForFunction(
      ({ selector, length }) => (document.querySelector(selector)?.textContent?.length ?? 0) > length + 300,
      { selector: contentOf(messageId), length: seen },
      { timeout: 20_000 },
    );
    expect(await watcher.getByTestId("stop").isVisible()).toBe(true);

    await Promise.all([waitForIdle(writer), waitForIdle(watcher)]);
    const saved = (await getSession(first, t.app.baseUrl, sessionId)).messages.at(-1);
    const expected = markdownAsText(savedText(saved!));
    expect(await renderedText(watcher, messageId)).toBe(expected);
    expect(await renderedText(writer, messageId)).toBe(expected);
  });
});
