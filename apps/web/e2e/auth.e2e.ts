import { randomUUID } from "node:crypto";
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
import { launchBrowser, type RunningApp, startApp } from "./harness";

/** The signed-in frame: main navigation with both sections, and the user menu showing the email. */
async function expectShell(page: Page, email: string) {
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Chat" }).waitFor();
  await nav.getByRole("link", { name: "Files" }).waitFor();
  expect(await nav.getByRole("link", { name: "Chat" }).getAttribute("aria-current")).toBe("page");
  await page.getByRole("button", { name: `Account menu, signed in as ${email}` }).waitFor();
  expect(await page.getByTestId("user-email").textContent()).toBe(email);
}

async function fillCredentials(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
}

const pathOf = (page: Page) => new URL(page.url()).pathname;

describe.skipIf(inject("e2eSkipReason") !== "")("auth", () => {
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
    // A fresh context per test: no cookies carried over.
    context = await browser.newContext({ baseURL: app.baseUrl });
    page = await context.newPage();
    onTestFailed(() => {
      console.error(`--- server output (${app.baseUrl}) ---\n${app.logs()}\n--- page: ${page.url()}`);
    });
  });

  afterEach(async () => {
    await context?.close();
  });

  it("sends a signed-out visit to /chat to /login", async () => {
    await page.goto("/chat");
    await page.waitForURL("**/login");
    expect(pathOf(page)).toBe("/login");
    await page.getByRole("heading", { name: "Log in" }).waitFor();
  });

  it("signs up, logs out, and logs back in", async () => {
    const email = `e2e-${randomUUID()}@example.com`;
    const password = "correct horse battery staple";

    await page.goto("/signup");
    await fillCredentials(page, email, password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL("**/chat");
    await expectShell(page, email);

    await page.getByRole("button", { name: `Account menu, signed in as ${email}` }).click();
    await page.getByRole("menuitem", { name: "Log out" }).click();
    await page.waitForURL("**/login");
    expect(pathOf(page)).toBe("/login");

    // The session is gone on the server too, not just in this page.
    await page.goto("/chat");
    await page.waitForURL("**/login");

    await fillCredentials(page, email, "not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("alert").filter({ hasText: "Email or password is wrong" }).waitFor();

    await fillCredentials(page, email, password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL("**/chat");
    await expectShell(page, email);

    // Signed in, the sign-in pages send the user back to the chat.
    await page.goto("/login");
    await page.waitForURL("**/chat");
  });
});
