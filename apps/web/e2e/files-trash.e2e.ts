import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { signUp } from "./files-support";

/** The Trash view: deleted files listed apart, restorable, deletable for good, emptied. */
describe.skipIf(inject("e2eSkipReason") !== "")("files: the trash", () => {
  const t = useBrowserApp();

  async function deleteInFiles(name: string) {
    const row = t.page.locator('tr[data-kind="file"]', { hasText: name });
    await row.getByRole("button", { name: `Delete ${name}` }).click();
    await t.page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await row.waitFor({ state: "detached" });
  }

  it("lists deleted files with the trash's size, restores one, deletes one forever and empties the rest", async () => {
    await signUp(t.page);
    await t.page.goto("/files");
    await t.page.getByTestId("upload-input").setInputFiles([
      { name: "keep.txt", mimeType: "text/plain", buffer: Buffer.from("12345") },
      { name: "old.txt", mimeType: "text/plain", buffer: Buffer.from("1234567") },
      { name: "draft.txt", mimeType: "text/plain", buffer: Buffer.from("123") },
    ]);
    for (const name of ["keep.txt", "old.txt", "draft.txt"]) {
      await t.page.locator('tr[data-kind="file"]', { hasText: name }).waitFor();
    }
    await deleteInFiles("old.txt");
    await deleteInFiles("draft.txt");
    // The Undo toast waits for the user; it is closed by hand here.
    await t.page.getByRole("button", { name: "Undo" }).first().waitFor();

    await expect.poll(() => t.page.getByTestId("trash-link").textContent()).toBe("Trash: 10 B");
    await t.page.getByTestId("trash-link").click();
    await t.page.getByRole("heading", { level: 1, name: "Trash" }).waitFor();
    await expect.poll(() => t.page.getByTestId("trash-size").textContent()).toMatch(/^10 B in the trash/);
    const rows = t.page.getByRole("table", { name: "Deleted files" }).locator("tbody tr");
    await expect.poll(() => rows.allTextContents()).toHaveLength(2);
    expect((await rows.first().textContent()) ?? "").toContain("draft.txt");

    await t.page.getByRole("button", { name: "Restore draft.txt" }).click();
    await t.page.getByText("Restored “draft.txt” to /draft.txt").waitFor();
    await expect.poll(() => rows.count()).toBe(1);

    await t.page.getByRole("button", { name: "Delete old.txt forever" }).click();
    const dialog = t.page.getByRole("alertdialog");
    await dialog.getByText("Delete “old.txt” forever?").waitFor();
    await dialog.getByRole("button", { name: "Delete forever" }).click();
    await t.page.getByText("The trash is empty.").waitFor();
    await expect.poll(() => t.page.getByTestId("trash-size").textContent()).toMatch(/^0 B in the trash/);

    // Back on /files: the restored file is live again; deleting it and emptying the trash frees it.
    await t.page.goto("/files");
    await t.page.locator('tr[data-kind="file"]', { hasText: "draft.txt" }).waitFor();
    await deleteInFiles("draft.txt");
    await t.page.goto("/files/trash");
    await t.page.getByRole("button", { name: "Empty trash" }).click();
    await t.page.getByRole("alertdialog").getByRole("button", { name: "Empty trash" }).click();
    await t.page.getByText("The trash is empty.").waitFor();
    const usage = await (await t.context.request.get("/api/workspace")).json();
    expect(usage).toMatchObject({ used_bytes: 5, file_count: 1, trash_bytes: 0, trash_count: 0 });
  });
});
