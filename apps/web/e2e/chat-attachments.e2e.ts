import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { sendMessage, signUp, waitForHydration, waitForIdle } from "./chat-helpers";

const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

describe.skipIf(inject("e2eSkipReason") !== "")("chat: attachments", () => {
  const t = useBrowserApp({ env: { OFFLINE_MODEL_DELAY_MS: "0", WORKSPACE_MAX_FILE_BYTES: "65536" } });
  const chips = () => t.page.getByTestId("attachment-chip");
  const lastUser = () => t.page.locator('[data-role="user"]').last();
  const lastAnswer = () => t.page.locator('[data-role="assistant"]').last();

  it("attaches a file dropped on the chat, and the assistant reads it; it is in the workspace after a reload", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await t.page.getByTestId("composer").waitFor();
    // What a browser fires when a file is dragged from the desktop onto the page and let go.
    const fire = (type: "dragenter" | "drop") =>
      t.page.evaluate((eventType) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File(["the password is kingfisher"], "dropped.txt", { type: "text/plain" }));
        const event = new DragEvent(eventType, { dataTransfer: transfer, bubbles: true, cancelable: true });
        document.querySelector("main")?.dispatchEvent(event);
      }, type);
    await waitForHydration(t.page);
    await fire("dragenter");
    await t.page.getByTestId("drop-overlay").waitFor();
    await fire("drop");
    await expect.poll(() => t.page.getByTestId("drop-overlay").count()).toBe(0);
    await t.page.locator('[data-testid="attachment-chip"][data-status="done"]').waitFor();

    await sendMessage(t.page, "read dropped.txt");
    await t.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await waitForIdle(t.page);
    await lastAnswer()
      .getByText(/kingfisher/)
      .first()
      .waitFor();
    expect(await chips().count()).toBe(0);
    await lastUser().getByTestId("message-attachment").getByText("dropped.txt").waitFor();

    await t.page.reload();
    await lastUser().getByTestId("message-attachment").getByText("dropped.txt").waitFor();
    const listed = await t.context.request.get("/api/workspace/files?q=dropped");
    const items = (await listed.json()).items as Array<{ path: string }>;
    expect(items.map((item) => item.path)).toEqual([
      expect.stringMatching(/^\/uploads\/\d{4}-\d{2}-\d{2}\/dropped\.txt$/),
    ]);
  });

  it("attaches a pasted image, shows it as a thumbnail, and refuses a file over the size limit clearly", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    const composer = t.page.getByTestId("composer");
    await waitForHydration(t.page);
    await composer.evaluate((element, base64) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], "image.png", { type: "image/png" }));
      element.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }),
      );
    }, PNG_BASE64);
    await t.page.locator('[data-testid="attachment-chip"][data-status="done"]').waitFor();

    // Too large: the chip says why, and Send still goes with the files that made it.
    await t.page.getByTestId("attach-input").setInputFiles({
      name: "big.bin",
      mimeType: "application/octet-stream",
      buffer: Buffer.alloc(100_000, 1),
    });
    const failed = t.page.locator('[data-testid="attachment-chip"][data-status="failed"]');
    await failed.waitFor();
    expect(await failed.textContent()).toMatch(/too large|limit/i);
    await failed.getByRole("button", { name: "Remove big.bin" }).click();

    await sendMessage(t.page, "what is in this picture?");
    await waitForIdle(t.page);
    const thumbnail = lastUser().locator('[data-testid="message-attachment"] img');
    await thumbnail.waitFor();
    await expect.poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(1);
    expect(await thumbnail.getAttribute("src")).toMatch(/^\/api\/workspace\/files\/[0-9a-f-]{36}\/image$/);
  });
});
