import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
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

describe.skipIf(inject("e2eSkipReason") !== "")("chat: stop", () => {
  const t = useBrowserApp({ env: LONG_ANSWER_ENV });

  /** Stops the running answer with `how`, then checks the task and what the page shows. */
  async function stopAndCheck(sessionId: string, messageId: string, how: () => Promise<void>) {
    await how();
    await waitForIdle(t.page, 10_000);
    const saved = (await getSession(t.context, t.app.baseUrl, sessionId)).messages.find(
      (message) => message.id === messageId,
    );
    expect(saved?.metadata?.status).toBe("cancelled");
    const taskId = String(saved?.metadata?.taskId);
    expect((await getTask(t.context, t.app.baseUrl, taskId)).status).toBe("cancelled");
    // Nothing was rendered after the stop: the page shows exactly the saved partial answer.
    const shown = await renderedText(t.page, messageId);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toBe(markdownAsText(savedText(saved!)));
    await t.page.locator(`[data-message-id="${messageId}"]`).getByText("Stopped").waitFor();
    return shown;
  }

  it("Stop (button, then Esc) cancels the task, renders nothing after it, and the composer works again", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, LONG_PROMPT);
    await t.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    const sessionId = sessionIdOf(t.page);
    const first = await waitForAssistantText(t.page, 200);
    const stopped = await stopAndCheck(sessionId, first, () => t.page.getByTestId("stop").click());

    await sendMessage(t.page, "/echo all **good**");
    await t.page.locator('[data-role="assistant"]').nth(1).getByText("all good").waitFor();
    await waitForIdle(t.page);
    // The stopped answer did not change meanwhile.
    expect(await renderedText(t.page, first)).toBe(stopped);

    await sendMessage(t.page, LONG_PROMPT);
    await t.page.locator('[data-role="assistant"]').nth(2).waitFor();
    const third = await waitForAssistantText(t.page, 200);
    expect(third).not.toBe(first);
    await stopAndCheck(sessionId, third, () => t.page.keyboard.press("Escape"));
  });
});
