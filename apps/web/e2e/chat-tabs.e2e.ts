import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import {
  countStreamGets,
  createSession,
  getSession,
  LONG_ANSWER_ENV,
  LONG_PROMPT,
  markdownAsText,
  readMessageWatch,
  renderedText,
  savedText,
  sendMessage,
  signUp,
  waitForAssistantText,
  waitForIdle,
  watchMessage,
} from "./chat-helpers";

/**
 * Chromium allows six HTTP/1.1 connections per origin for a whole profile. Tabs of one session
 * elect one leader (Web Locks) that alone holds the stream and relays it (BroadcastChannel), so
 * eight tabs leave room for pages, scripts and sends.
 */
describe.skipIf(inject("e2eSkipReason") !== "")("chat: eight tabs", () => {
  const t = useBrowserApp({ env: LONG_ANSWER_ENV });

  it("eight tabs on a streaming session load, follow it live, and can send", async () => {
    await signUp(t.context, t.app.baseUrl);
    const sessionId = await createSession(t.context, t.app.baseUrl);

    const pages: Page[] = [t.page];
    const streamGets = [countStreamGets(pages[0]!)];
    await pages[0]!.goto(`/chat/${sessionId}`);
    await sendMessage(pages[0]!, LONG_PROMPT);
    const messageId = await waitForAssistantText(pages[0]!, 100);

    for (let index = 1; index < 8; index++) {
      const page = await t.context.newPage();
      streamGets.push(countStreamGets(page));
      pages.push(page);
    }
    // All seven open at once while the answer streams.
    await Promise.all(pages.slice(1).map((page) => page.goto(`/chat/${sessionId}`, { timeout: 20_000 })));
    for (const page of pages) {
      await page.getByTestId("stop").waitFor({ timeout: 10_000 });
      expect(await waitForAssistantText(page, 200, 15_000)).toBe(messageId);
    }
    // Followers do not attach at all: the leader relays.
    expect(streamGets.reduce((sum, gets) => sum + gets.urls.length, 0)).toBeLessThanOrEqual(1);

    // Stop from a follower tab, then send from another: every tab sees the reply.
    await pages[5]!.getByTestId("stop").click();
    await Promise.all(pages.map((page) => waitForIdle(page, 15_000)));
    await sendMessage(pages[7]!, "/echo hello from tab eight");
    await Promise.all(
      pages.map((page) =>
        page
          .locator('[data-role="assistant"]')
          .getByText("hello from tab eight")
          .waitFor({ timeout: 15_000 }),
      ),
    );
    await Promise.all(pages.map((page) => waitForIdle(page, 15_000)));

    // A tab can still start a new conversation of its own.
    await pages[3]!.goto("/chat", { timeout: 20_000 });
    await sendMessage(pages[3]!, "/echo a new conversation");
    await pages[3]!.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await pages[3]!
      .locator('[data-role="assistant"]')
      .getByText("a new conversation")
      .waitFor({ timeout: 15_000 });
  });

  it("a follower tab takes over when the leader tab closes, resuming from its own last id", async () => {
    await signUp(t.context, t.app.baseUrl);
    const sessionId = await createSession(t.context, t.app.baseUrl);
    const leader = t.page;
    await leader.goto(`/chat/${sessionId}`);
    await sendMessage(leader, LONG_PROMPT);
    const messageId = await waitForAssistantText(leader, 100);

    const follower = await t.context.newPage();
    const streamGets = countStreamGets(follower);
    await follower.goto(`/chat/${sessionId}`);
    expect(await waitForAssistantText(follower, 300)).toBe(messageId);
    await watchMessage(follower, messageId);
    expect(streamGets.urls).toEqual([]);

    // Closing a tab is not a stop: the turn goes on and the other tab now holds the connection.
    await leader.close();
    await expect.poll(() => streamGets.urls.length, { timeout: 10_000, interval: 50 }).toBe(1);
    expect(streamGets.urls[0]).toMatch(/last_message_id=\d+-\d+/);
    expect(streamGets.urls[0]).not.toContain("last_message_id=0-0");

    await waitForIdle(follower);
    const saved = (await getSession(t.context, t.app.baseUrl, sessionId)).messages.at(-1)!;
    expect(saved.metadata?.status).toBe("completed");
    expect(await renderedText(follower, messageId)).toBe(markdownAsText(savedText(saved)));
    const watch = await readMessageWatch(follower, messageId);
    expect(watch).toMatchObject({ removed: [], shrank: [], sameNode: true });
  });
});
