import { describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { savedSession, sendInChat, signUp, toolOutput } from "./files-support";

/**
 * One workspace, seen the same way by the user and the assistant (docs/workspace.md): files
 * uploaded on /files are what `list my files` shows in a chat, and `read <name>` finds them by
 * the path the Files page shows.
 */
describe.skipIf(inject("e2eSkipReason") !== "")("files: uploaded on /files, seen in the chat", () => {
  const t = useBrowserApp();

  it("lists and reads files the user uploaded, by the names the Files page shows", async () => {
    await signUp(t.page);
    await t.page.goto("/files");
    await t.page.getByRole("heading", { level: 1, name: "Files" }).waitFor();
    const text = `numbers for ${Date.now()}`;
    await t.page.getByTestId("upload-input").setInputFiles([
      { name: "report.txt", mimeType: "text/plain", buffer: Buffer.from(text) },
      { name: "notes.md", mimeType: "text/markdown", buffer: Buffer.from("# notes") },
    ]);
    for (const name of ["report.txt", "notes.md"]) {
      await t.page.locator('tr[data-kind="file"]', { hasText: name }).waitFor();
    }

    await t.page.goto("/chat");
    const listing = await sendInChat(t.page, "list my files");
    const listed = toolOutput(await savedSession(t.context, listing), "list_workspace_files") as {
      files: Array<{ path: string }>;
    };
    expect(listed.files.map((file) => file.path).sort()).toEqual(["/notes.md", "/report.txt"]);
    const assistant = t.page.locator('[data-role="assistant"]');
    await assistant.getByText("report.txt").first().waitFor();

    await t.page.goto("/chat");
    const reading = await sendInChat(t.page, "read report.txt");
    expect(toolOutput(await savedSession(t.context, reading), "read_workspace_file")).toMatchObject({
      file: { path: "/report.txt" },
      content: text,
    });
    await t.page.locator('[data-role="assistant"]').getByText(text).first().waitFor();
  });
});
