import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { pageSchema, workspaceFileSchema, workspaceUsageSchema } from "@copilot/protocol";
import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { recordUploadProgress, sha256, signUp, throttleUpload } from "./files-support";

const MiB = 1024 * 1024;

describe.skipIf(inject("e2eSkipReason") !== "")("files: upload through the UI", () => {
  const t = useBrowserApp({ context: { acceptDownloads: true } });

  it("shows progress, lists the file, counts it, downloads the same bytes, deletes and undoes", async () => {
    await signUp(t.page);
    await t.page.goto("/files");
    await t.page.getByRole("heading", { level: 1, name: "Files" }).waitFor();
    const usageBar = t.page.getByTestId("usage-bar");
    await usageBar.getByText("0 B of 1 GB used").waitFor();

    // 6 MiB of random bytes (incompressible) at 3 MiB/s: about two seconds of visible progress.
    const name = `upload-${Date.now()}.bin`;
    const bytes = randomBytes(6 * MiB);
    await throttleUpload(t.context, t.page, 3 * MiB);
    const progressValues = await recordUploadProgress(t.page);
    await t.page
      .getByTestId("upload-input")
      .setInputFiles({ name, mimeType: "application/octet-stream", buffer: bytes });

    const progress = t.page.getByTestId("upload-progress");
    await progress.waitFor();
    await t.page.locator('[data-testid="upload-progress"][aria-valuenow="100"]').waitFor({ timeout: 60_000 });
    const seen = await progressValues();
    expect(
      seen.some((value) => value > 0 && value < 100),
      `progress values seen: ${seen.join(", ")}`,
    ).toBe(true);
    expect(seen.at(-1)).toBe(100);
    await throttleUpload(t.context, t.page, null);

    // Listed in the table, counted in the usage bar.
    const row = t.page.locator('tr[data-kind="file"]', { hasText: name });
    await row.waitFor();
    await usageBar.getByText("6 MB of 1 GB used").waitFor();
    const usage = workspaceUsageSchema.parse(await (await t.context.request.get("/api/workspace")).json());
    expect(usage).toMatchObject({ used_bytes: bytes.length, file_count: 1 });

    // The API's hash is the hash of what was sent, and the download link returns exactly those bytes.
    const listing = pageSchema(workspaceFileSchema).parse(
      await (await t.context.request.get("/api/workspace/files")).json(),
    );
    const stored = listing.items.find((file) => file.name === name);
    expect(stored).toMatchObject({ path: `/${name}`, size_bytes: bytes.length, sha256: sha256(bytes) });
    const [download] = await Promise.all([
      t.page.waitForEvent("download"),
      row.getByRole("link", { name: `Download ${name}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(name);
    expect(sha256(await readFile(await download.path()))).toBe(stored?.sha256);

    // Delete asks first; then the row goes, and Undo in the toast brings it back.
    await row.getByRole("button", { name: `Delete ${name}` }).click();
    const confirm = t.page.getByRole("alertdialog");
    await confirm.getByText(`Delete “${name}”?`).waitFor();
    await confirm.getByRole("button", { name: "Delete" }).click();
    await row.waitFor({ state: "detached" });
    // The trash keeps the bytes (restorable), so they still count; the file count drops.
    await usageBar.getByText("0 files").waitFor();
    await usageBar.getByText("6 MB of 1 GB used").waitFor();

    await t.page.getByRole("button", { name: "Undo" }).click();
    await row.waitFor();
    await t.page.getByText(`Restored “${name}”`).waitFor();
    await usageBar.getByText("1 file", { exact: false }).waitFor();
    const restored = await t.context.request.get(`/api/workspace/files/${stored?.id}`);
    expect(restored.status()).toBe(200);
  });
});
