import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatSessions } from "../db/schema";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";
import { fileForm } from "../testing/workspace-fixtures";
import { ensureChatFolder } from "./chat-folder";

const available = await modeAvailable();

describe.skipIf(!available)("the file listing names the chat that made each file", () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    user = await t.signup();
  });
  afterAll(() => t?.close());

  async function upload(path: string, who = user) {
    const form = fileForm(path.split("/").at(-1) ?? "f", "x", "text/plain");
    const response = await t.app.inject({
      method: "POST",
      url: `/api/workspace/files?path=${encodeURIComponent(path)}`,
      headers: { ...who.headers, ...form.headers },
      payload: form.payload,
    });
    expect(response.statusCode).toBe(201);
  }
  const chatOf = async (who: TestUser, title: string) => {
    const id = (
      await t.app.inject({
        method: "POST",
        url: "/api/chat/sessions",
        headers: who.headers,
        payload: { title },
      })
    ).json().id as string;
    const folder = await ensureChatFolder(t.deps.db, who.id, id);
    if (!folder) throw new Error("no folder");
    return { id, folder };
  };
  const listed = async (who = user) =>
    (
      await t.app.inject({ method: "GET", url: "/api/workspace/files?limit=100", headers: who.headers })
    ).json().items as Array<{ path: string; chat: { id: string; title: string } | null }>;

  it("links files in a chat's folder to that chat, and no others", async () => {
    const chat = await chatOf(user, "Quarterly charts");
    await upload(`${chat.folder}chart.txt`);
    await upload(`${chat.folder}deeper/inside.txt`);
    await upload("/notes.txt");
    // Another user's chat with the very same folder links nothing of ours (and adds no row).
    const other = await t.signup();
    const theirs = await chatOf(other, "Quarterly charts");
    await t.deps.db
      .update(chatSessions)
      .set({ filesFolder: chat.folder })
      .where(eq(chatSessions.id, theirs.id));
    await upload(`${theirs.folder}mine-by-path.txt`);

    const files = await listed();
    expect(files).toHaveLength(4);
    const byPath = new Map(files.map((file) => [file.path, file.chat]));
    expect(byPath.get(`${chat.folder}chart.txt`)).toEqual({ id: chat.id, title: "Quarterly charts" });
    expect(byPath.get(`${chat.folder}deeper/inside.txt`)).toBeNull();
    expect(byPath.get("/notes.txt")).toBeNull();
    expect(byPath.get(`${theirs.folder}mine-by-path.txt`)).toBeNull();
  });
});
