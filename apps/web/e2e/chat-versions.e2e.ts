import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { sendMessage, signUp, waitForIdle } from "./chat-helpers";

const texts = (page: Page, role: "user" | "assistant") =>
  page.locator(`[data-role="${role}"] [data-slot="message-content"]`).allTextContents();
const versionOf = (page: Page, role: "user" | "assistant", index: number) =>
  page.locator(`[data-role="${role}"]`).nth(index).getByTestId("message-version").textContent();

describe.skipIf(inject("e2eSkipReason") !== "")("chat: edit and resend, regenerate, versions", () => {
  const t = useBrowserApp({ env: { OFFLINE_MODEL_DELAY_MS: "2" } });

  it("edits a question into a new branch; ‹ 1/2 › shows the earlier one, and both survive a reload", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, "/echo first question");
    await t.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await waitForIdle(t.page);
    await sendMessage(t.page, "/echo second question");
    await t.page.locator('[data-role="assistant"]', { hasText: "second question" }).waitFor();
    await waitForIdle(t.page);

    const first = t.page.locator('[data-role="user"]').first();
    await first.hover();
    await first.getByTestId("message-edit").click();
    const editor = t.page.getByRole("textbox", { name: "Edit your message" });
    await expect.poll(() => editor.inputValue()).toBe("/echo first question");
    await editor.fill("/echo edited question");
    await editor.press("Enter");
    await t.page.locator('[data-role="assistant"]', { hasText: "edited question" }).waitFor();
    await waitForIdle(t.page);
    // The new branch: the edited question and its answer; what came after the original is gone from view.
    expect(await texts(t.page, "user")).toEqual(["/echo edited question"]);
    expect(await texts(t.page, "assistant")).toEqual(["edited question"]);
    expect(await versionOf(t.page, "user", 0)).toBe("2/2");

    await t.page.reload();
    await t.page.getByTestId("message-version").waitFor();
    expect(await texts(t.page, "user")).toEqual(["/echo edited question"]);
    expect(await versionOf(t.page, "user", 0)).toBe("2/2");

    await t.page.getByRole("button", { name: "Previous version" }).click();
    await expect.poll(() => texts(t.page, "user")).toEqual(["/echo first question", "/echo second question"]);
    expect(await texts(t.page, "assistant")).toEqual(["first question", "second question"]);
    expect(await versionOf(t.page, "user", 0)).toBe("1/2");
    expect(await t.page.getByRole("button", { name: "Previous version" }).isDisabled()).toBe(true);

    await t.page.reload();
    await t.page.getByTestId("message-version").waitFor();
    expect(await texts(t.page, "user")).toEqual(["/echo first question", "/echo second question"]);
    expect(await versionOf(t.page, "user", 0)).toBe("1/2");
  });

  it("regenerates an earlier answer keeping the versions, and Esc leaves an edit unchanged", async () => {
    await signUp(t.context, t.app.baseUrl);
    await t.page.goto("/chat");
    await sendMessage(t.page, "/echo alpha");
    await t.page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await waitForIdle(t.page);
    await sendMessage(t.page, "/echo beta");
    await t.page.locator('[data-role="assistant"]', { hasText: "beta" }).waitFor();
    await waitForIdle(t.page);

    // Regenerate the first answer, not the last: a new branch after "alpha".
    await t.page.locator('[data-role="assistant"]').first().getByTestId("message-regenerate").click();
    await expect.poll(() => t.page.getByTestId("message-version").count()).toBe(1);
    await waitForIdle(t.page);
    expect(await texts(t.page, "user")).toEqual(["/echo alpha"]);
    expect(await versionOf(t.page, "assistant", 0)).toBe("2/2");

    await t.page.locator('[data-role="assistant"]').first().getByTestId("message-regenerate").click();
    await expect.poll(() => versionOf(t.page, "assistant", 0)).toBe("3/3");
    await waitForIdle(t.page);

    await t.page.reload();
    await t.page.getByTestId("message-version").waitFor();
    expect(await versionOf(t.page, "assistant", 0)).toBe("3/3");
    await t.page.getByRole("button", { name: "Previous version" }).click();
    await expect.poll(() => versionOf(t.page, "assistant", 0)).toBe("2/3");
    await t.page.getByRole("button", { name: "Previous version" }).click();
    await expect.poll(() => versionOf(t.page, "assistant", 0)).toBe("1/3");
    // The first version is the one "beta" followed.
    expect(await texts(t.page, "user")).toEqual(["/echo alpha", "/echo beta"]);

    const user = t.page.locator('[data-role="user"]').first();
    await user.hover();
    await user.getByTestId("message-edit").click();
    const editor = t.page.getByRole("textbox", { name: "Edit your message" });
    await editor.fill("/echo never sent");
    await editor.press("Escape");
    await expect.poll(() => t.page.getByTestId("message-editor").count()).toBe(0);
    // Focus goes back to the Edit button, not to the page.
    await expect
      .poll(() => t.page.evaluate(() => document.activeElement?.getAttribute("data-testid")))
      .toBe("message-edit");
    expect(await texts(t.page, "user")).toEqual(["/echo alpha", "/echo beta"]);
  });
});
