import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderQrPng } from "../blocks/render/qr-code";
import type { AppError } from "../errors";
import { createTestApp, modeAvailable, type TestApp } from "../testing/test-app";
import {
  blobKeys,
  bodyOf,
  codeOf,
  countingBody,
  readAll,
  workspaceState,
} from "../testing/workspace-fixtures";
import { openUpload, reserve } from "./upload/reservations";
import { userKeyPrefix, type WorkspaceLimits } from "./workspace-env";
import { createWorkspaceFiles, type WorkspaceFiles } from "./workspace-files";
import { ensureWorkspace } from "./workspace-rows";

const available = await modeAvailable();
const MiB = 1024 * 1024;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe.skipIf(!available)("workspace facade", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  /** A facade with its own limits over the app's database and store, and a fresh user. */
  async function setup(limits: Partial<WorkspaceLimits> = {}) {
    const files: WorkspaceFiles = createWorkspaceFiles({
      db: t.deps.db,
      store: t.fileStore,
      log: t.deps.log,
      limits: { maxFileBytes: 10 * MiB, quotaBytes: 100 * MiB, trashDays: 7, ...limits },
    });
    const user = await t.signup();
    return { files, userId: user.id, caller: { userId: user.id } };
  }

  /** Nothing left by a refused upload: no row, no reservation, no upload row, no blob. */
  async function expectUntouched(userId: string, expected: { used: number; rows: number; blobs: number }) {
    expect(await workspaceState(t.deps.db, userId)).toEqual({
      used: expected.used,
      reserved: 0,
      uploads: 0,
      rows: expected.rows,
    });
    expect(await blobKeys(t.fileStore, userId)).toHaveLength(expected.blobs);
  }

  it("stores, describes and reads back a file, with sha256 and a server-decided type", async () => {
    const { files, caller, userId } = await setup();
    const text = "hello, workspace\n";
    const created = await files.upload(caller, { path: "/notes/hello.txt", body: bodyOf(text) });
    expect(created.kind).toBe("created");
    expect(created.file).toMatchObject({
      name: "hello.txt",
      path: "/notes/hello.txt",
      mime_type: "text/plain",
      size_bytes: Buffer.byteLength(text),
      sha256: createHash("sha256").update(text).digest("hex"),
      version: 1,
      reference: `workspace://${created.file.id}#text/plain`,
    });
    const located = await files.locate(caller, { id: created.file.reference });
    expect((await readAll(await located.read())).toString()).toBe(text);
    expect((await readAll(await located.read({ start: 7, end: 15 }))).toString()).toBe("workspace");
    expect(await files.usage(userId)).toEqual({
      used_bytes: Buffer.byteLength(text),
      quota_bytes: 100 * MiB,
      file_count: 1,
      trash_bytes: 0,
      trash_count: 0,
    });
    const [key] = await blobKeys(t.fileStore, userId);
    // Storage keys carry no user text: the user's id and a fresh uuid.
    expect(key).toMatch(new RegExp(`^${userKeyPrefix(userId)}[0-9a-f-]{36}$`));
  });

  it("decides the type from the bytes, never the name alone", async () => {
    const { files, caller } = await setup();
    const png = await renderQrPng("type");
    const cases: Array<[path: string, bytes: Uint8Array | string, mime: string]> = [
      ["/a/picture.txt", png, "image/png"],
      ["/a/picture.bin", png, "image/png"],
      ["/a/page.html", "<!doctype html><script>alert(1)</script>", "text/html"],
      ["/a/fake.png", "<html><script>alert(1)</script></html>", "application/octet-stream"],
      ["/a/data.json", '{"a": 1}', "application/json"],
      ["/a/binary.txt", Buffer.from([0x00, 0xff, 0xfe, 0x01]), "application/octet-stream"],
      ["/a/latin1.csv", Buffer.from([0x63, 0x61, 0x66, 0xe9]), "application/octet-stream"],
      ["/a/no-extension", "plain words", "application/octet-stream"],
      ["/a/empty.md", "", "text/markdown"],
    ];
    for (const [path, bytes, mime] of cases) {
      const { file } = await files.upload(caller, { path, body: bodyOf(bytes) });
      expect({ path, mime: file.mime_type }).toEqual({ path, mime });
    }
  });

  it("resolves a relative path from the workspace root, the same for every chat", async () => {
    const { files, userId } = await setup();
    const inChat = { userId, sessionId: randomUUID() };
    const { file } = await files.upload(inChat, { path: "drafts/draft.md", body: bodyOf("# draft") });
    expect(file.path).toBe("/drafts/draft.md");
    const other = { userId, sessionId: randomUUID() };
    expect((await files.get(other, { path: "drafts/draft.md" })).id).toBe(file.id);
    expect((await files.get({ userId }, { path: "/drafts/draft.md" })).id).toBe(file.id);
    expect((await files.list(other, { limit: 10, prefix: "drafts" })).items.map((item) => item.id)).toEqual([
      file.id,
    ]);
    // A chat that is not the caller's has no folder: nothing is fixed, nothing is listed.
    expect(await files.chatFolder(other)).toBeNull();
    expect((await files.list(inChat, { limit: 10, sessionId: other.sessionId })).items).toEqual([]);
  });

  it("treats NFC and NFD spellings as one path", async () => {
    const { files, caller } = await setup();
    const { file } = await files.upload(caller, { path: "/caf\u00e9.txt", body: bodyOf("one") });
    expect(await codeOf(files.upload(caller, { path: "/cafe\u0301.txt", body: bodyOf("two") }))).toBe(
      "file_exists",
    );
    expect((await files.get(caller, { path: "/cafe\u0301.txt" })).id).toBe(file.id);
  });

  it("rejects invalid paths before reading the body", async () => {
    const { files, caller, userId } = await setup();
    for (const path of ["../x", "a//b", "a\u202Eb", "．．/x", "a\\b", "x\u0000y"]) {
      const counted = countingBody(1024);
      expect(await codeOf(files.upload(caller, { path, body: counted.body }))).toBe("invalid_path");
      expect(counted.pulled()).toBe(0);
    }
    await expectUntouched(userId, { used: 0, rows: 0, blobs: 0 });
  });

  it("overwrites in place: same id and reference, version bumped, old blob deleted, usage adjusted", async () => {
    const { files, caller, userId } = await setup();
    const first = await files.upload(caller, { path: "/report.txt", body: bodyOf("version one") });
    expect(await codeOf(files.upload(caller, { path: "/report.txt", body: bodyOf("nope") }))).toBe(
      "file_exists",
    );
    const second = await files.upload(caller, { path: "/report.txt", body: bodyOf("v2"), overwrite: true });
    expect(second.kind).toBe("overwritten");
    expect(second.file).toMatchObject({ id: first.file.id, version: 2, size_bytes: 2 });
    expect(second.file.sha256).not.toBe(first.file.sha256);
    const read = await files.locate(caller, { id: first.file.reference });
    expect((await readAll(await read.read())).toString()).toBe("v2");
    await expectUntouched(userId, { used: 2, rows: 1, blobs: 1 });
  });

  it("cuts a body over the per-file limit while streaming, without reading it all", async () => {
    const { files, caller, userId } = await setup({ maxFileBytes: MiB });
    const counted = countingBody(64 * MiB);
    expect(await codeOf(files.upload(caller, { path: "/big.bin", body: counted.body }))).toBe(
      "file_too_large",
    );
    // The refusal came after about 1 MiB, not after the 64 MiB the body would have given.
    expect(counted.pulled()).toBeGreaterThan(MiB);
    expect(counted.pulled()).toBeLessThan(2 * MiB);
    await expectUntouched(userId, { used: 0, rows: 0, blobs: 0 });
  });

  it("accepts a file of exactly the limit", async () => {
    const { files, caller } = await setup({ maxFileBytes: 100_000 });
    const { file } = await files.upload(caller, { path: "/exact.bin", body: countingBody(100_000).body });
    expect(file.size_bytes).toBe(100_000);
  });

  it("cuts a body over the remaining quota while streaming", async () => {
    const { files, caller, userId } = await setup({ quotaBytes: 3 * MiB });
    await files.upload(caller, { path: "/first.bin", body: countingBody(MiB).body });
    const counted = countingBody(40 * MiB);
    expect(await codeOf(files.upload(caller, { path: "/second.bin", body: counted.body }))).toBe(
      "quota_exceeded",
    );
    expect(counted.pulled()).toBeLessThan(3 * MiB);
    await expectUntouched(userId, { used: MiB, rows: 1, blobs: 1 });
    // What is left still fits exactly.
    await files.upload(caller, { path: "/third.bin", body: countingBody(2 * MiB).body });
    expect((await files.usage(userId)).used_bytes).toBe(3 * MiB);
  });

  it("refuses an exact-size upload over the limit or quota before reading it", async () => {
    const { files, caller } = await setup({ maxFileBytes: 1000, quotaBytes: 1500 });
    await files.upload(caller, {
      path: "/a",
      body: bodyOf("x".repeat(1000)),
      sizeHint: { bytes: 1000, exact: true },
    });
    const tooBig = countingBody(1001);
    expect(
      await codeOf(
        files.upload(caller, { path: "/b", body: tooBig.body, sizeHint: { bytes: 1001, exact: true } }),
      ),
    ).toBe("file_too_large");
    const overQuota = countingBody(600);
    expect(
      await codeOf(
        files.upload(caller, { path: "/c", body: overQuota.body, sizeHint: { bytes: 600, exact: true } }),
      ),
    ).toBe("quota_exceeded");
    expect(tooBig.pulled() + overQuota.pulled()).toBe(0);
  });

  it("lets exactly the uploads that fit win a race for the quota", async () => {
    const size = 300_000;
    const { files, caller, userId } = await setup({ quotaBytes: 3 * size + 1000 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        files.upload(caller, {
          path: `/race/${i}.bin`,
          body: countingBody(size, { chunk: 16 * 1024 }).body,
          sizeHint: { bytes: size, exact: true },
        }),
      ),
    );
    const won = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const lost = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
    expect(won).toHaveLength(3);
    expect(lost.map((error) => (error as AppError).code)).toEqual(["quota_exceeded", "quota_exceeded"]);
    await expectUntouched(userId, { used: 3 * size, rows: 3, blobs: 3 });
  });

  it("never overshoots the quota when streams of unknown size race", async () => {
    const size = 200_000;
    const quota = 1_000_000;
    const { files, caller, userId } = await setup({ quotaBytes: quota });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        files.upload(caller, {
          path: `/streams/${i}.bin`,
          body: countingBody(size, { chunk: 8 * 1024 }).body,
        }),
      ),
    );
    const won = outcomes.filter((outcome) => outcome.status === "fulfilled").length;
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect((outcome.reason as AppError).code).toBe("quota_exceeded");
    }
    expect(won * size).toBeLessThanOrEqual(quota);
    await expectUntouched(userId, { used: won * size, rows: won, blobs: won });
  });

  it("moves deleted files to the trash: restorable, still counted, path free; purged after the trash period", async () => {
    const { files, caller, userId } = await setup({ trashDays: 7 });
    const { file } = await files.upload(caller, { path: "/keep.txt", body: bodyOf("12345") });
    const removed = await files.remove(caller, { path: "/keep.txt" });
    expect(removed.restorableUntil.getTime() - Date.now()).toBeGreaterThan(7 * DAY - HOUR);
    expect(await codeOf(files.get(caller, { id: file.id }))).toBe("not_found");
    expect(await codeOf(files.remove(caller, { id: file.id }))).toBe("not_found");
    expect(await files.usage(userId)).toMatchObject({
      used_bytes: 5,
      file_count: 0,
      trash_bytes: 5,
      trash_count: 1,
    });

    const reused = await files.upload(caller, { path: "/keep.txt", body: bodyOf("other") });
    expect(await codeOf(files.restore(userId, file.id))).toBe("file_exists");
    await files.remove(caller, { id: reused.file.id });
    const restored = await files.restore(userId, file.id);
    expect(restored).toMatchObject({ id: file.id, path: "/keep.txt", version: 1 });
    expect((await files.restore(userId, file.id)).id).toBe(file.id); // restoring a live file is a no-op
    expect(await files.usage(userId)).toMatchObject({ used_bytes: 10, file_count: 1 });

    // The trashed duplicate is purged once its period is over; the restored file stays.
    const report = await files.gc({ now: new Date(Date.now() + 8 * DAY) });
    expect(report.purgedFiles).toBeGreaterThanOrEqual(1);
    expect(await codeOf(files.restore(userId, reused.file.id))).toBe("not_found");
    await expectUntouched(userId, { used: 5, rows: 1, blobs: 1 });
  });

  it("refuses to restore a file whose trash period is over, even before the purge ran", async () => {
    const { files, caller, userId } = await setup({ trashDays: 0 });
    const { file } = await files.upload(caller, { path: "/gone.txt", body: bodyOf("x") });
    await files.remove(caller, { id: file.id });
    expect(await codeOf(files.restore(userId, file.id))).toBe("not_found");
  });

  it("sweeps a blob left by a crash between blob write and row insert, once it is past the safety window", async () => {
    const { files, caller, userId } = await setup();
    const { file } = await files.upload(caller, { path: "/live.txt", body: bodyOf("live") });
    const orphan = `${userKeyPrefix(userId)}${randomUUID()}`;
    await t.fileStore.put(orphan, bodyOf("written, then the process died"));

    expect((await files.gc()).sweptBlobs).toBe(0); // too young: could be an upload about to register
    expect(await blobKeys(t.fileStore, userId)).toContain(orphan);

    await files.gc({ now: new Date(Date.now() + 2 * HOUR) });
    expect(await t.fileStore.stat(orphan)).toBeNull();
    expect((await readAll(await (await files.locate(caller, { id: file.id })).read())).toString()).toBe(
      "live",
    );
  });

  it("expires an upload whose process died: reservation released, blob deleted", async () => {
    const { files, userId } = await setup();
    const workspace = await ensureWorkspace(t.deps.db, userId);
    const key = `${userKeyPrefix(userId)}${randomUUID()}`;
    const uploadId = await openUpload(t.deps.db, workspace.id, key);
    expect(await reserve(t.deps.db, uploadId, 4096, files.limits.quotaBytes)).toEqual({ ok: true });
    await t.fileStore.put(key, bodyOf("partial"));
    expect(await workspaceState(t.deps.db, userId)).toMatchObject({ reserved: 4096, uploads: 1 });

    expect((await files.gc()).expiredUploads).toBe(0); // still fresh: it may be alive
    const report = await files.gc({ now: new Date(Date.now() + 2 * HOUR) });
    expect(report.expiredUploads).toBe(1);
    await expectUntouched(userId, { used: 0, rows: 0, blobs: 0 });
  });

  it("answers not_found for another user's file by id, reference or path", async () => {
    const owner = await setup();
    const stranger = await setup();
    const { file } = await owner.files.upload(owner.caller, { path: "/secret.txt", body: bodyOf("s") });
    for (const target of [
      { id: file.id },
      { id: file.reference },
      { path: "/secret.txt" },
      { id: "nonsense" },
    ]) {
      expect(await codeOf(stranger.files.get(stranger.caller, target))).toBe("not_found");
      expect(await codeOf(stranger.files.remove(stranger.caller, target))).toBe("not_found");
    }
    expect(await codeOf(stranger.files.restore(stranger.userId, file.id))).toBe("not_found");
    expect((await owner.files.get(owner.caller, { id: file.id })).id).toBe(file.id);
  });

  it("deletes a user's blobs with the account", async () => {
    const { files, caller, userId } = await setup();
    await files.upload(caller, { path: "/a.txt", body: bodyOf("a") });
    await files.upload(caller, { path: "/b.txt", body: bodyOf("b") });
    expect(await files.deleteUserBlobs(userId)).toBe(2);
    expect(await blobKeys(t.fileStore, userId)).toEqual([]);
  });

  it("lists with prefix, name search and cursors", async () => {
    const { files, caller } = await setup();
    for (const path of ["/docs/a.md", "/docs/b.md", "/docs/c.md", "/img/A-logo.png", "/docs_old/x.md"]) {
      await files.upload(caller, { path, body: bodyOf(path) });
    }
    const first = await files.list(caller, { prefix: "/docs/", limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.next_cursor).not.toBeNull();
    const second = await files.list(caller, { prefix: "/docs/", limit: 2, cursor: first.next_cursor ?? "" });
    expect(second.next_cursor).toBeNull();
    expect([...first.items, ...second.items].map((file) => file.path).sort()).toEqual([
      "/docs/a.md",
      "/docs/b.md",
      "/docs/c.md",
    ]);
    expect((await files.list(caller, { q: "LOGO", limit: 10 })).items.map((file) => file.name)).toEqual([
      "A-logo.png",
    ]);
    // A literal prefix: `_` and `%` are not wildcards.
    expect((await files.list(caller, { prefix: "/docs_", limit: 10 })).items).toHaveLength(1);
    expect(await codeOf(files.list(caller, { limit: 10, cursor: "garbage" }))).toBe("invalid_cursor");
  });
});
