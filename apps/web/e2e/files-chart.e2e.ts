import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { savedSession, sendInChat, signUp, toolOutput } from "./files-support";

const REFERENCE = /workspace:\/\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})#image\/png/;
// A data URI of any type (`data:image/png;base64,…`, `data:,…`).
const DATA_URI = /data:[\w.+-]*\/?[\w.+-]*[;,]/i;

/** The image has arrived and decoded (a broken image has naturalWidth 0). */
async function expectLoaded(page: Page, selector: string) {
  await expect
    .poll(() =>
      page
        .locator(selector)
        .first()
        .evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth),
    )
    .toBeGreaterThan(0);
}

describe.skipIf(inject("e2eSkipReason") !== "")("files: a chart made in the chat", () => {
  const t = useBrowserApp();

  it("shows the image with the badge, saves a workspace:// reference, and lists the file", async () => {
    await signUp(t.page);
    await t.page.goto("/chat");
    const sessionId = await sendInChat(t.page, "chart 3,1,4 titled Demo");

    // In the chat: the image, rendered through the image route, with the "AI cannot see" badge.
    const assistant = t.page.locator('[data-role="assistant"]');
    await assistant.getByTestId("ai-cannot-see-badge").first().waitFor();
    await expectLoaded(t.page, '[data-role="assistant"] img[src*="/api/workspace/files/"]');

    // Saved: a reference to the PNG in the workspace, no bytes inlined anywhere in the message.
    const saved = await savedSession(t.context, sessionId);
    const messagesJson = JSON.stringify(saved.messages);
    const fileId = REFERENCE.exec(messagesJson)?.[1];
    expect(fileId, messagesJson.slice(0, 2_000)).toBeDefined();
    expect(messagesJson).not.toMatch(DATA_URI);

    // On /files: chats › <the chat's readable folder> › the PNG, which previews as an image.
    const made = toolOutput(saved, "run_block") as { output: { file: { path: string } } };
    const folder = made.output.file.path.slice(0, made.output.file.path.lastIndexOf("/") + 1);
    const folderName = folder.split("/").at(-2) ?? "";
    expect(folder).toMatch(new RegExp(`^/chats/chart-3-1-4-titled-demo-${sessionId.slice(0, 8)}/$`));
    await t.page.goto("/files");
    await t.page.getByRole("link", { name: "chats, folder" }).click();
    await t.page.getByRole("link", { name: `${folderName}, folder` }).click();
    await t.page.getByRole("heading", { level: 1, name: folderName }).waitFor();
    expect(new URL(t.page.url()).searchParams.get("folder")).toBe(folder);
    const row = t.page.locator(`tr[data-file-id="${fileId}"]`);
    await row.getByText("PNG image").waitFor();
    await row.getByRole("button", { name: /^Preview / }).click();
    const preview = t.page.getByRole("dialog");
    await preview.getByText(folder, { exact: false }).waitFor();
    await expectLoaded(t.page, '[role="dialog"] img');
  });
});
