import { beforeEach, describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import {
  createSession,
  getSession,
  savedText,
  sendMessage,
  signUp,
  waitForAssistantText,
  waitForIdle,
} from "./chat-helpers";

/** What the model writes, as the page shows it: safe markdown, tool cards, workspace images, the session list. */
describe.skipIf(inject("e2eSkipReason") !== "")("chat: content", () => {
  const t = useBrowserApp({ env: { OFFLINE_MODEL_DELAY_MS: "1" } });
  const external: string[] = [];

  beforeEach(async () => {
    external.length = 0;
    t.page.on("request", (request) => {
      if (!request.url().startsWith(t.app.baseUrl)) external.push(request.url());
    });
    await signUp(t.context, t.app.baseUrl);
  });

  it("renders the model's markdown safely: no unsafe link is clickable, no external image is fetched, no raw HTML runs", async () => {
    const sessionId = await createSession(t.context, t.app.baseUrl);
    await t.page.goto(`/chat/${sessionId}`);
    const markdown = [
      "/echo ## Safety check",
      "[js](javascript:alert(1)) [data](data:text/html,hi) [proto](//evil.example/x) [vb](vbscript:msgbox(1))",
      "",
      "![tracker](https://tracker.example/pixel.gif)",
      "",
      '<img src="https://tracker.example/raw.gif"> <script>window.__pwned = true</script>',
      "",
      "[external](https://example.com/t.page) and [inside](/files)",
      "",
      "```ts",
      "const answer = 42;",
      "```",
      "",
      "| a | b |",
      "|---|---|",
      "| 1 | 2 |",
    ].join("\n");
    await sendMessage(t.page, markdown);
    await waitForAssistantText(t.page, 10);
    await waitForIdle(t.page);
    const message = t.page.locator('[data-role="assistant"]').last();

    for (const text of ["js", "data", "proto", "vb"]) {
      await message.locator("[data-blocked-link]", { hasText: text }).waitFor();
    }
    const hrefs = await message
      .locator("a")
      .evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
    expect(hrefs.filter((href) => /^(javascript|data|vbscript):|^\/\//i.test(href))).toEqual([]);

    expect(await message.locator("img").count()).toBe(0);
    expect(await message.getByRole("link", { name: "[image: tracker]" }).getAttribute("href")).toBe(
      "https://tracker.example/pixel.gif",
    );
    await message.getByText("<script>window.__pwned = true</script>").waitFor();
    expect(await message.locator("script").count()).toBe(0);
    expect(await t.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();

    const link = message.getByRole("link", { name: "external" });
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    expect(await message.getByRole("link", { name: "inside" }).getAttribute("href")).toBe("/files");

    await message
      .locator('[data-slot="code-block"]')
      .getByRole("button", { name: /copy code/i })
      .waitFor();
    expect(await message.locator("table td").allTextContents()).toEqual(["1", "2"]);
    // Nothing on the page ever reached for another host.
    expect(external).toEqual([]);

    const badge = t.page.getByTestId("model-badge");
    expect(await badge.textContent()).toContain("Offline model");
    await badge.focus();
    await t.page.getByRole("tooltip").filter({ hasText: "MODEL_PROVIDER" }).first().waitFor();
  });

  it("shows a chart made by a block with the badge, and a tool card linking the file", async () => {
    const sessionId = await createSession(t.context, t.app.baseUrl);
    await t.page.goto(`/chat/${sessionId}`);
    await sendMessage(t.page, "chart 3,1,4 titled Demo");
    const message = t.page.locator('[data-role="assistant"]').last();
    const card = message.locator('[data-slot="tool-card"][data-tool-name="run_block"]');
    await card.waitFor({ timeout: 30_000 });
    await waitForIdle(t.page);
    expect(await card.getAttribute("data-state")).toBe("done");
    const download = card.getByRole("link", { name: /download/i });
    expect(await download.getAttribute("href")).toMatch(/^\/api\/workspace\/files\/[0-9a-f-]{36}\/download$/);
    await card.getByText(/\.png/).first().waitFor();

    const image = message.locator('img[src^="/api/workspace/files/"]');
    await image.waitFor();
    expect(await image.getAttribute("src")).toMatch(/^\/api\/workspace\/files\/[0-9a-f-]{36}\/image$/);
    await t.page.waitForFunction(
      () =>
        (document.querySelector('[data-role="assistant"] img') as HTMLImageElement | null)?.naturalWidth ?? 0,
    );
    expect(await message.getByTestId("ai-cannot-see-badge").textContent()).toBe("AI cannot see this image");

    const saved = (await getSession(t.context, t.app.baseUrl, sessionId)).messages.at(-1)!;
    const text = savedText(saved);
    expect(text).toMatch(/workspace:\/\/[0-9a-f-]{36}#image\/png/);
    expect(JSON.stringify(saved)).not.toContain("data:");

    // The card shows the file on the Files page, and there the file links back to this chat.
    await card.getByTestId("file-row-show").first().click();
    await t.page.waitForURL(/\/files\?folder=%2Fchats%2F/);
    await t.page.getByTestId("file-chat-link").first().click();
    await t.page.waitForURL(`**/chat/${sessionId}`);
  });

  it("lists sessions newest first, a page at a time, and renames and deletes them", async () => {
    const ids: string[] = [];
    for (let index = 0; index < 32; index++)
      ids.push(await createSession(t.context, t.app.baseUrl, `Session ${index}`));
    await t.page.goto("/chat");
    const list = t.page.getByRole("complementary", { name: "Conversations" });
    await list.getByRole("link", { name: "Session 31" }).waitFor();
    const titles = await list.locator("a[data-session-id]").allTextContents();
    expect(titles.slice(0, 3)).toEqual(["Session 31", "Session 30", "Session 29"]);
    expect(titles).not.toContain("Session 0");
    await t.page.getByRole("button", { name: "Show older conversations" }).click();
    await list.getByRole("link", { name: "Session 0", exact: true }).waitFor();

    await t.page.getByRole("button", { name: "Actions for Session 31" }).click();
    await t.page.getByRole("menuitem", { name: "Rename" }).click();
    await t.page.getByLabel("Name", { exact: true }).fill("Renamed by the test");
    await t.page.getByRole("button", { name: "Save" }).click();
    await list.getByRole("link", { name: "Renamed by the test" }).waitFor();

    await list.getByRole("link", { name: "Session 30" }).click();
    await t.page.waitForURL(`**/chat/${ids[30]}`);
    await t.page.getByRole("button", { name: "Actions for Session 30" }).click();
    await t.page.getByRole("menuitem", { name: "Delete" }).click();
    await t.page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await t.page.waitForURL(/\/chat$/);
    await list.getByRole("link", { name: "Session 30" }).waitFor({ state: "detached" });
    expect((await t.context.request.get(`/api/chat/sessions/${ids[30]}`)).status()).toBe(404);
  });

  it("sends with Enter, adds a line with Shift+Enter, and holds back a message over 32,000 characters", async () => {
    const sessionId = await createSession(t.context, t.app.baseUrl);
    await t.page.goto(`/chat/${sessionId}`);
    const composer = t.page.getByTestId("composer");
    await composer.fill("x".repeat(32_001));
    await t.page.getByText("32,001 / 32,000").waitFor();
    expect(await t.page.getByTestId("send").isDisabled()).toBe(true);
    await composer.fill("/echo first line");
    await composer.press("Shift+Enter");
    await composer.pressSequentially("second line");
    expect(await composer.inputValue()).toBe("/echo first line\nsecond line");
    await composer.press("Enter");
    await t.page.locator('[data-role="assistant"]').getByText("second line").waitFor();
    expect(await composer.inputValue()).toBe("");
  });
});
