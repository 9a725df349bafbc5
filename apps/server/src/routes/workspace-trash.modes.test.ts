import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaceFiles } from "../db/schema";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";
import { bodyOf } from "../testing/workspace-fixtures";

const available = await modeAvailable();
const DAY_MS = 24 * 60 * 60 * 1000;

describe.skipIf(!available)("workspace trash REST", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { WORKSPACE_TRASH_DAYS: "7" } });
  });
  afterAll(() => t?.close());

  const call = (who: TestUser, method: "GET" | "DELETE" | "POST", url: string) =>
    t.app.inject({ method, url, headers: who.headers });
  const usage = async (who: TestUser) => (await call(who, "GET", "/api/workspace")).json();

  async function trashed(who: TestUser, path: string, text: string) {
    const { file } = await t.deps.files.upload({ userId: who.id }, { path, body: bodyOf(text) });
    expect((await call(who, "DELETE", `/api/workspace/files/${file.id}`)).statusCode).toBe(204);
    return file;
  }

  it("lists the trash newest deletion first, with purge dates, and counts it apart in usage", async () => {
    const user = await t.signup();
    await t.deps.files.upload({ userId: user.id }, { path: "/live.txt", body: bodyOf("live!") });
    const first = await trashed(user, "/a.txt", "aaaa");
    const second = await trashed(user, "/b.txt", "bb");

    const page = (await call(user, "GET", "/api/workspace/trash")).json();
    expect(page.items.map((file: { id: string }) => file.id)).toEqual([second.id, first.id]);
    const [newest] = page.items;
    expect(Date.parse(newest.purge_at) - Date.parse(newest.deleted_at)).toBe(7 * DAY_MS);
    expect(newest).toMatchObject({ path: "/b.txt", size_bytes: 2 });
    expect(await usage(user)).toMatchObject({
      used_bytes: 11,
      file_count: 1,
      trash_bytes: 6,
      trash_count: 2,
    });

    const one = (await call(user, "GET", "/api/workspace/trash?limit=1")).json();
    expect(one.items).toHaveLength(1);
    const rest = (await call(user, "GET", `/api/workspace/trash?limit=1&cursor=${one.next_cursor}`)).json();
    expect(rest.items.map((file: { id: string }) => file.id)).toEqual([first.id]);
    expect(rest.next_cursor).toBeNull();
  });

  it("deletes one file forever: bytes and quota freed, no restore; never a live or foreign file", async () => {
    const user = await t.signup();
    const stranger = await t.signup();
    const live = (await t.deps.files.upload({ userId: user.id }, { path: "/keep.txt", body: bodyOf("keep") }))
      .file;
    const gone = await trashed(user, "/gone.txt", "12345");

    expect((await call(stranger, "DELETE", `/api/workspace/trash/${gone.id}`)).statusCode).toBe(404);
    expect((await call(user, "DELETE", `/api/workspace/trash/${live.id}`)).statusCode).toBe(404);
    expect((await t.deps.files.get({ userId: user.id }, { id: live.id })).id).toBe(live.id);
    expect((await call(stranger, "GET", "/api/workspace/trash")).json().items).toEqual([]);

    expect((await call(user, "DELETE", `/api/workspace/trash/${gone.id}`)).statusCode).toBe(204);
    expect(await usage(user)).toMatchObject({ used_bytes: 4, trash_bytes: 0, trash_count: 0 });
    expect((await call(user, "POST", `/api/workspace/files/${gone.id}/restore`)).statusCode).toBe(404);
    expect((await call(user, "DELETE", `/api/workspace/trash/${gone.id}`)).statusCode).toBe(404);
    const rows = await t.deps.db.select().from(workspaceFiles).where(eq(workspaceFiles.id, gone.id));
    expect(rows).toEqual([]);
  });

  it("empties the trash and leaves live files alone", async () => {
    const user = await t.signup();
    await t.deps.files.upload({ userId: user.id }, { path: "/stay.txt", body: bodyOf("stay") });
    await trashed(user, "/x.txt", "x");
    await trashed(user, "/y.txt", "yy");
    const emptied = await call(user, "DELETE", "/api/workspace/trash");
    expect(emptied.json()).toEqual({ purged: 2 });
    expect((await call(user, "GET", "/api/workspace/trash")).json().items).toEqual([]);
    expect(await usage(user)).toMatchObject({ used_bytes: 4, file_count: 1, trash_bytes: 0 });
    expect((await call(user, "DELETE", "/api/workspace/trash")).json()).toEqual({ purged: 0 });
  });

  it("does not list a file past its trash period, which can no longer be restored", async () => {
    const user = await t.signup();
    const old = await trashed(user, "/old.txt", "old");
    const fresh = await trashed(user, "/fresh.txt", "fresh");
    await t.deps.db
      .update(workspaceFiles)
      .set({ deletedAt: new Date(Date.now() - 8 * DAY_MS) })
      .where(eq(workspaceFiles.id, old.id));
    const page = (await call(user, "GET", "/api/workspace/trash")).json();
    expect(page.items.map((file: { id: string }) => file.id)).toEqual([fresh.id]);
  });
});
