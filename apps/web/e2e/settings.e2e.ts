import { readFile } from "node:fs/promises";
import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { sendMessage, signUp, waitForIdle } from "./chat-helpers";

describe.skipIf(inject("e2eSkipReason") !== "")("settings and export", () => {
  const t = useBrowserApp();
  const htmlClasses = () =>
    t.page.evaluate(() =>
      [...document.documentElement.classList].filter((name) => name === "light" || name === "dark"),
    );
  const background = () => t.page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  it("keeps the chosen theme across reloads and shows the model in use", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/settings");
    await t.page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    expect(await t.page.getByTestId("settings-model").textContent()).toContain("offline");
    await expect.poll(() => t.page.getByTestId("theme-system").isChecked()).toBe(true);

    await t.page.getByText("Light", { exact: true }).click();
    await expect.poll(htmlClasses).toEqual(["light"]);
    const light = await background();
    await t.page.getByText("Dark", { exact: true }).click();
    await expect.poll(htmlClasses).toEqual(["dark"]);
    expect(await background()).not.toBe(light);

    // Set before first paint by the inline script, so also on a page that has not hydrated yet.
    await t.page.goto("/chat", { waitUntil: "commit" });
    await t.page.waitForSelector("body");
    expect(await htmlClasses()).toEqual(["dark"]);
    await t.page.goto("/settings");
    // The choice is read from this browser once the page runs.
    await expect.poll(() => t.page.getByTestId("theme-dark").isChecked()).toBe(true);

    await t.page.getByText("System", { exact: true }).click();
    await expect.poll(htmlClasses).toEqual([]);
    await t.page.reload();
    expect(await htmlClasses()).toEqual([]);
  });

  it("exports a chat as Markdown and as JSON from its menu", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, "/echo exported words");
    await t.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    // The answer, not the question (which holds the same words): the export comes after it ended.
    await t.page.locator('[data-role="assistant"]', { hasText: "exported words" }).waitFor();
    await waitForIdle(t.page);

    const download = async (label: string) => {
      await t.page
        .getByRole("button", { name: /^Actions for / })
        .first()
        .click();
      const [file] = await Promise.all([
        t.page.waitForEvent("download"),
        t.page.getByRole("menuitem", { name: label }).click(),
      ]);
      return { name: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
    };
    const markdown = await download("Export as Markdown");
    expect(markdown.name).toMatch(/\.md$/);
    expect(markdown.text).toContain("## You");
    expect(markdown.text).toContain("## Assistant");
    expect(markdown.text).toContain("exported words");

    const json = await download("Export as JSON");
    expect(json.name).toMatch(/\.json$/);
    const document = JSON.parse(json.text);
    expect(document.format).toBe("copilot.chat.v1");
    expect(document.messages).toHaveLength(2);
  });
});
