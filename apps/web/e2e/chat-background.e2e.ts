import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { LONG_PROMPT, sendMessage, sessionIdOf, signUp } from "./chat-helpers";

describe.skipIf(inject("e2eSkipReason") !== "")("chat: answers finishing in the background", () => {
  const t = useBrowserApp({ env: { OFFLINE_MODEL_DELAY_MS: "6" } });

  it("marks the tab while writing, and raises a toast when a chat you left finishes", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, LONG_PROMPT);
    await t.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    const first = sessionIdOf(t.page);
    await t.page.getByTestId("stop").waitFor();
    await expect.poll(() => t.page.title()).toMatch(/^● /);

    // Another chat while the first one is still being written.
    await t.page.getByRole("link", { name: "New chat" }).first().click();
    await t.page.waitForURL(/\/chat$/);
    const toast = t.page.locator("[data-sonner-toast]").filter({ hasText: "An answer is ready" });
    await toast.waitFor({ timeout: 60_000 });
    expect(await toast.textContent()).toContain(LONG_PROMPT.slice(0, 20));
    await toast.getByRole("button", { name: "Open" }).click();
    await t.page.waitForURL(`**/chat/${first}`);
    await expect.poll(() => t.page.title()).not.toMatch(/^[●✓] /);
  });
});
