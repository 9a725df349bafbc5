import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { sendInChat, signUp } from "./files-support";

/** What the user was writing survives a reload, per chat; sending clears it. */
describe.skipIf(inject("e2eSkipReason") !== "")("chat: drafts", () => {
  const t = useBrowserApp();

  it("keeps each chat's unsent text across reloads and forgets it once sent", async () => {
    await signUp(t.page);
    await t.page.goto("/chat");
    const composer = t.page.getByTestId("composer");
    await composer.fill("a question for a new chat");
    await t.page.reload();
    await expect.poll(() => composer.inputValue()).toBe("a question for a new chat");

    const sessionId = await sendInChat(t.page, "echo first");
    await t.page.getByTestId("send").waitFor();
    await composer.fill("half-written follow-up");
    await t.page.reload();
    await expect.poll(() => composer.inputValue()).toBe("half-written follow-up");

    // Another chat has its own draft (the new-chat one was replaced by what was sent there).
    await t.page.goto("/chat");
    await composer.waitFor();
    await expect.poll(() => t.page.evaluate(() => localStorage.getItem("copilot:draft:new"))).toBeNull();
    expect(await composer.inputValue()).toBe("");

    await t.page.goto(`/chat/${sessionId}`);
    await expect.poll(() => composer.inputValue()).toBe("half-written follow-up");
    await t.page.getByTestId("send").click();
    await expect.poll(() => composer.inputValue()).toBe("");
    await t.page.getByTestId("send").waitFor();
    await t.page.reload();
    await t.page.locator('[data-role="user"]', { hasText: "half-written follow-up" }).waitFor();
    expect(await composer.inputValue()).toBe("");
  });
});
