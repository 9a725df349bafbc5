import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { sendInChat, signUp } from "./files-support";

/** The chat list: server-side search, pins, date groups and a live "answer in progress" marker. */
describe.skipIf(inject("e2eSkipReason") !== "")("chat: history", () => {
  const t = useBrowserApp({ env: { OFFLINE_MODEL_DELAY_MS: "20" } });

  it("searches titles and messages, pins a chat above the rest and marks a running answer", async () => {
    await signUp(t.page);
    await t.page.goto("/chat");
    await sendInChat(t.page, "/echo blueberry muffins");
    await t.page.getByTestId("send").waitFor();
    await t.page.goto("/chat");
    const second = await sendInChat(t.page, "/echo quiet evening");
    await t.page.getByTestId("send").waitFor();

    const sidebar = t.page.getByRole("complementary", { name: "Conversations" });
    await sidebar.getByRole("region", { name: "Today" }).waitFor();
    const links = () => sidebar.locator("a[data-session-id]").allTextContents();
    await expect.poll(links).toEqual(["/echo quiet evening", "/echo blueberry muffins"]);

    // Rename the first chat: search still finds it by what was said in it.
    await sidebar.getByRole("button", { name: "Actions for /echo blueberry muffins" }).click();
    await t.page.getByRole("menuitem", { name: "Rename" }).click();
    await t.page.getByLabel("Name", { exact: true }).fill("Baking");
    await t.page.getByRole("button", { name: "Save" }).click();
    await sidebar.getByRole("link", { name: "Baking" }).waitFor();
    await sidebar.getByRole("searchbox", { name: "Search chats" }).fill("BLUEBERRY");
    await sidebar.getByRole("region", { name: "Chats matching “BLUEBERRY”" }).waitFor();
    await expect.poll(links).toEqual(["Baking"]);
    await sidebar.getByRole("searchbox", { name: "Search chats" }).fill("");

    await sidebar.getByRole("button", { name: "Actions for Baking" }).click();
    await t.page.getByRole("menuitem", { name: "Pin" }).click();
    const pinned = sidebar.getByRole("region", { name: "Pinned" });
    await pinned.getByRole("link", { name: "Baking" }).waitFor();
    await expect.poll(links).toEqual(["Baking", "/echo quiet evening"]);

    // A long answer in another tab: this tab's list marks that chat while it runs.
    const other = await t.context.newPage();
    await other.goto(`/chat/${second}`);
    await other.getByTestId("composer").fill("write a long answer");
    await other.getByTestId("send").click();
    await other.getByTestId("stop").waitFor();
    const marker = sidebar.locator("li", { hasText: "/echo quiet evening" }).getByTestId("session-running");
    await marker.waitFor({ timeout: 15_000 });
    await other.getByTestId("stop").click();
    await other.getByTestId("send").waitFor();
    await marker.waitFor({ state: "detached", timeout: 15_000 });
  });
});
