import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";

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
  const t = useBrowserApp();

  it("sends a signed-out visit to /chat to /login", async () => {
    await t.page.goto("/chat");
    await t.page.waitForURL("**/login");
    expect(pathOf(t.page)).toBe("/login");
    await t.page.getByRole("heading", { name: "Log in" }).waitFor();
  });

  it("signs up, logs out, and logs back in", async () => {
    const email = `e2e-${randomUUID()}@example.com`;
    const password = "correct horse battery staple";

    await t.page.goto("/signup");
    await fillCredentials(t.page, email, password);
    await t.page.getByRole("button", { name: "Create account" }).click();
    await t.page.waitForURL("**/chat");
    await expectShell(t.page, email);

    await t.page.getByRole("button", { name: `Account menu, signed in as ${email}` }).click();
    await t.page.getByRole("menuitem", { name: "Log out" }).click();
    await t.page.waitForURL("**/login");
    expect(pathOf(t.page)).toBe("/login");

    // The session is gone on the server too, not just in this page.
    await t.page.goto("/chat");
    await t.page.waitForURL("**/login");

    await fillCredentials(t.page, email, "not the password");
    await t.page.getByRole("button", { name: "Log in" }).click();
    await t.page.getByRole("alert").filter({ hasText: "Email or password is wrong" }).waitFor();

    await fillCredentials(t.page, email, password);
    await t.page.getByRole("button", { name: "Log in" }).click();
    await t.page.waitForURL("**/chat");
    await expectShell(t.page, email);

    // Signed in, the sign-in pages send the user back to the chat.
    await t.page.goto("/login");
    await t.page.waitForURL("**/chat");
  });
});
