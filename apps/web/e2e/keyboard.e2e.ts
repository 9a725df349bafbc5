import type { Locator } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { sendMessage, sessionIdOf, signUp, waitForIdle } from "./chat-helpers";

describe.skipIf(inject("e2eSkipReason") !== "")("keyboard: command palette and shortcuts", () => {
  const t = useBrowserApp();

  /**
   * Ctrl+K, then waits until the palette's input has the focus: keys typed before that would be
   * lost, and what is left of the words need not put the wanted result on top.
   */
  async function openPalette(palette: Locator) {
    await t.page.keyboard.press("Control+k");
    const input = palette.getByPlaceholder("Search chats or type a command…");
    await expect.poll(() => input.evaluate((element) => element === document.activeElement)).toBe(true);
  }

  it("finds a chat by its messages with Ctrl+K, runs actions, and shows the shortcuts with ?", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, "/echo the pelican migration");
    await t.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    const pelicans = sessionIdOf(t.page);
    await waitForIdle(t.page);

    // Somewhere else, the palette finds that chat by a word from its messages.
    await t.page.goto("/files");
    await t.page.getByTestId("usage-bar").waitFor();
    const palette = t.page.getByTestId("command-palette");
    await openPalette(palette);
    await t.page.keyboard.type("pelican");
    await palette.getByRole("option", { name: /pelican/ }).waitFor();
    await t.page.keyboard.press("Enter");
    await t.page.waitForURL(`**/chat/${pelicans}`);
    expect(await palette.count()).toBe(0);

    // An action, chosen by typing: the settings page.
    await openPalette(palette);
    await t.page.keyboard.type("go to settings");
    // Enter runs the top result. The results follow the typing a moment late (deferred, and the
    // chat search is a request), so wait until the palette has caught up and selects the action.
    const settings = palette.getByRole("option", { name: "Go to Settings" });
    await expect.poll(() => settings.getAttribute("aria-selected")).toBe("true");
    await t.page.keyboard.press("Enter");
    await t.page.waitForURL("**/settings");

    // `?` outside a text field opens the sheet; Esc closes it.
    await t.page.locator("body").click({ position: { x: 5, y: 200 } });
    await t.page.keyboard.press("?");
    await t.page.getByTestId("shortcuts-sheet").getByText("Search chats and actions").waitFor();
    await t.page.keyboard.press("Escape");
    await expect.poll(() => t.page.getByTestId("shortcuts-sheet").count()).toBe(0);

    // In the composer, `?` is just text.
    await t.page.goto("/chat");
    const composer = t.page.getByTestId("composer");
    await composer.click();
    await t.page.keyboard.type("why?");
    expect(await composer.inputValue()).toBe("why?");
    expect(await t.page.getByTestId("shortcuts-sheet").count()).toBe(0);
  });
});
