import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
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

describe.skipIf(inject("e2eSkipReason") !== "")("chat: reload mid-answer", () => {
  const t = useBrowserApp({ env: LONG_ANSWER_ENV });

  it("shows the whole answer exactly once, still streaming, with one stream attach per load", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, LONG_PROMPT);
    await t.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    const messageId = await waitForAssistantText(t.page, 300);
    const sessionId = sessionIdOf(t.page);

    // The first HTML of the page already knows a turn runs: Stop shown, not Send.
    const html = await (await t.context.request.get(`/chat/${sessionId}`)).text();
    expect(html).toContain('data-testid="stop"');
    expect(html).not.toContain('data-testid="send"');

    const streamGets = countStreamGets(t.page);
    // Hydration mismatches and uncaught errors surface here in a production build.
    const errors: string[] = [];
    t.page.on("pageerror", (error) => errors.push(error.message));
    t.page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await t.page.reload();
    await t.page.getByTestId("stop").waitFor();
    const afterReload = await waitForAssistantText(t.page, 1);
    expect(afterReload).toBe(messageId);
    // It keeps streaming after the replay.
    const replayed = await textLength(t.page, messageId);
    await t.page.waitForFunction(
      ({ selector, length }) => (document.querySelector(selector)?.textContent?.length ?? 0) > length + 200,
      { selector: contentOf(messageId), length: replayed },
      { timeout: 30_000 },
    );
    expect(await t.page.getByTestId("stop").isVisible()).toBe(true);

    await waitForIdle(t.page);
    const detail = await getSession(t.context, t.app.baseUrl, sessionId);
    expect(detail.active_stream).toBeNull();
    const saved = detail.messages.at(-1);
    expect(saved?.id).toBe(messageId);
    expect(saved?.metadata?.status).toBe("completed");
    expect(await renderedText(t.page, messageId)).toBe(markdownAsText(savedText(saved!)));
    expect(await t.page.locator(assistantSelector).count()).toBe(1);

    expect(errors).toEqual([]);
    expect(streamGets.urls).toHaveLength(1);
    expect(streamGets.urls[0]).toContain("last_message_id=0-0");
  });
});
