import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  inject,
  it,
  onTestFailed,
} from "vitest";
import { savedSession, sendInChat, signUp } from "./files-support";
import { launchBrowser, type RunningApp, startApp } from "./harness";

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
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext({ baseURL: app.baseUrl });
    page = await context.newPage();
    onTestFailed(() => {
      console.error(`--- server output (${app.baseUrl}) ---\n${app.logs()}\n--- page: ${page.url()}`);
    });
  });

  afterEach(async () => {
    await context?.close();
  });

  it("shows the image with the badge, saves a workspace:// reference, and lists the file", async () => {
    await signUp(page);
    await page.goto("/chat");
    const sessionId = await sendInChat(page, "chart 3,1,4 titled Demo");

    // In the chat: the image, rendered through the image route, with the "AI cannot see" badge.
    const assistant = page.locator('[data-role="assistant"]');
    await assistant.getByTestId("ai-cannot-see-badge").first().waitFor();
    await expectLoaded(page, '[data-role="assistant"] img[src*="/api/workspace/files/"]');

    // Saved: a reference to the PNG in the workspace, no bytes inlined anywhere in the message.
    const saved = await savedSession(context, sessionId);
    const messagesJson = JSON.stringify(saved.messages);
    const fileId = REFERENCE.exec(messagesJson)?.[1];
    expect(fileId, messagesJson.slice(0, 2_000)).toBeDefined();
    expect(messagesJson).not.toMatch(DATA_URI);

    // On /files: sessions › <session id> › the PNG, which previews as an image.
    await page.goto("/files");
    await page.getByRole("link", { name: "sessions, folder" }).click();
    await page.getByRole("link", { name: `${sessionId}, folder` }).click();
    await page.getByRole("heading", { level: 1, name: sessionId }).waitFor();
    expect(new URL(page.url()).searchParams.get("folder")).toBe(`/sessions/${sessionId}/`);
    const row = page.locator(`tr[data-file-id="${fileId}"]`);
    await row.getByText("PNG image").waitFor();
    await row.getByRole("button", { name: /^Preview / }).click();
    const preview = page.getByRole("dialog");
    await preview.getByText(`/sessions/${sessionId}/`, { exact: false }).waitFor();
    await expectLoaded(page, '[role="dialog"] img');
  });
});
