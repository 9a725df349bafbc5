import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { LONG_PROMPT, sendMessage, signUp, waitForIdle } from "./chat-helpers";

describe.skipIf(inject("e2eSkipReason") !== "")("chat: message actions and announcements", () => {
  const t = useBrowserApp({
    env: { OFFLINE_MODEL_DELAY_MS: "4" },
    context: { permissions: ["clipboard-read", "clipboard-write"] },
  });
  const clipboard = () => t.page.evaluate(() => navigator.clipboard.readText());

  it("copies a message's Markdown, the user's and the assistant's", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, "/echo Some **bold** and `code`");
    await t.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await waitForIdle(t.page);
    const assistant = t.page.locator('[data-role="assistant"]').last();
    await assistant.getByRole("button", { name: "Copy message" }).click();
    await expect.poll(clipboard).toBe("Some **bold** and `code`");

    const user = t.page.locator('[data-role="user"]').last();
    await user.hover();
    await user.getByRole("button", { name: "Copy message" }).click();
    await expect.poll(clipboard).toBe("/echo Some **bold** and `code`");
  });

  it("announces the start and the end of an answer, not its words", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, LONG_PROMPT);
    await t.page.getByTestId("stop").waitFor();
    const announcer = t.page.getByTestId("answer-announcer");
    await expect.poll(() => announcer.textContent()).toBe("The assistant is answering.");
    expect(await t.page.getByRole("log", { name: "Messages" }).getAttribute("aria-busy")).toBe("true");
    await waitForIdle(t.page);
    await expect.poll(() => announcer.textContent()).toBe("The answer is complete.");
    expect(await t.page.getByRole("log", { name: "Messages" }).getAttribute("aria-busy")).toBe("false");
  });

  it("queues a message typed while an answer streams and sends it when the answer ends", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, LONG_PROMPT);
    await t.page.getByTestId("stop").waitFor();
    const composer = t.page.getByTestId("composer");
    await composer.fill("/echo queued after the answer");
    await composer.press("Enter");
    await t.page.getByTestId("queued-message").waitFor();
    expect(await composer.inputValue()).toBe("");
    // Nothing is sent while the first answer runs: still one message from the user.
    expect(await t.page.locator('[data-role="user"]').count()).toBe(1);

    await t.page
      .locator('[data-role="assistant"]', { hasText: "queued after the answer" })
      .waitFor({ timeout: 90_000 });
    await waitForIdle(t.page);
    expect(await t.page.locator('[data-role="user"]').count()).toBe(2);
    expect(await t.page.getByTestId("queued-message").count()).toBe(0);
    const statuses = await t.page
      .locator('[data-role="assistant"]')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute("data-status")));
    expect(statuses[0]).not.toBe("cancelled");
  });

  it("Stop and send ends the answer now and sends the queued message; Stop gives focus back", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, LONG_PROMPT);
    await t.page.getByTestId("stop").waitFor();
    await t.page.getByTestId("composer").fill("/echo sent right away");
    await t.page.getByTestId("queue").click();
    await t.page.getByTestId("queued-send-now").click();
    await t.page
      .locator('[data-role="assistant"]', { hasText: "sent right away" })
      .waitFor({ timeout: 30_000 });
    await waitForIdle(t.page);
    expect(await t.page.locator('[data-role="assistant"]').first().getAttribute("data-status")).toBe(
      "cancelled",
    );

    await sendMessage(t.page, LONG_PROMPT);
    await t.page.getByTestId("stop").click();
    await waitForIdle(t.page);
    await expect
      .poll(() => t.page.evaluate(() => document.activeElement?.getAttribute("data-testid")))
      .toBe("composer");
  });
});
