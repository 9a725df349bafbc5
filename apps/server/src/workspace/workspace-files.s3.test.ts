import { createHash, randomUUID } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../auth/accounts";
import { AppError } from "../errors";
import { type S3rverHandle, startS3rver } from "../testing/s3rver";
import { createTestDatabase, type TestDatabase } from "../testing/test-db";
import { blobKeys, bodyOf, countingBody, readAll, workspaceState } from "../testing/workspace-fixtures";
import type { FileStore } from "./stores/file-store";
import { createS3FileStore } from "./stores/s3/s3-file-store";
import { userKeyPrefix } from "./workspace-env";
import { createWorkspaceFiles, type WorkspaceFiles } from "./workspace-files";

const MiB = 1024 * 1024;

/**
 * The facade's upload and download path on the S3 adapter (s3rver): multipart parts, ranged
 * reads, overwrite, a refusal mid-stream and the orphan sweep. The adapter's own contract suite
 * is in s3-file-store.test.ts; this proves the facade does not depend on the local store.
 */
describe("workspace facade on S3 (s3rver)", () => {
  let server: S3rverHandle;
  let database: TestDatabase;
  let store: FileStore;
  let files: WorkspaceFiles;

  beforeAll(async () => {
    server = await startS3rver();
    database = await createTestDatabase("pglite");
    store = createS3FileStore({
      bucket: server.bucket,
      region: server.region,
      endpoint: server.endpoint,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      forcePathStyle: true,
    });
    files = createWorkspaceFiles({
      db: database.db,
      store,
      log: pino({ level: "silent" }),
      limits: { maxFileBytes: 16 * MiB, quotaBytes: 64 * MiB, trashDays: 7 },
    });
  });
  afterAll(async () => {
    await store?.close();
    await database?.close();
    await server?.stop();
  });

  const newUser = async () =>
    (
      await createUser(database.db, {
        email: `${randomUUID()}@example.com`,
        password: "correct horse battery",
      })
    ).id;

  it("streams a multi-part file in and reads it back whole and by range", async () => {
    const userId = await newUser();
    const size = 12 * MiB + 7; // more than two 5 MiB parts
    const expected = createHash("sha256").update(Buffer.alloc(size, 0x61)).digest("hex");
    const { file } = await files.upload({ userId }, { path: "/big/data.bin", body: countingBody(size).body });
    expect(file).toMatchObject({ size_bytes: size, sha256: expected, mime_type: "application/octet-stream" });
    const located = await files.locate({ userId }, { id: file.reference });
    const whole = await readAll(await located.read());
    expect(whole.length).toBe(size);
    const tail = await readAll(await located.read({ start: size - 3, end: size - 1 }));
    expect(tail.toString()).toBe("aaa");
    const first = await readAll(await located.read({ start: 0, end: 0 }));
    expect(first.length).toBe(1);
  });

  it("overwrites keeping the id, and leaves only the new version's blob", async () => {
    const userId = await newUser();
    const one = await files.upload({ userId }, { path: "/doc.txt", body: bodyOf("one") });
    const two = await files.upload({ userId }, { path: "/doc.txt", body: bodyOf("two!"), overwrite: true });
    expect(two.file).toMatchObject({ id: one.file.id, version: 2, size_bytes: 4 });
    expect(await blobKeys(store, userId)).toHaveLength(1);
    const located = await files.locate({ userId }, { id: one.file.id });
    expect((await readAll(await located.read())).toString()).toBe("two!");
  });

  it("cuts a body over the limit mid-stream and leaves no object, row or reservation", async () => {
    const userId = await newUser();
    const counted = countingBody(200 * MiB);
    const failure = await files
      .upload({ userId }, { path: "/huge.bin", body: counted.body })
      .catch((error) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe("file_too_large");
    expect(counted.pulled()).toBeLessThan(40 * MiB);
    expect(await workspaceState(database.db, userId)).toEqual({ used: 0, reserved: 0, uploads: 0, rows: 0 });
    expect(await blobKeys(store, userId)).toEqual([]);
  });

  it("sweeps an orphaned object past the safety window and keeps live ones", async () => {
    const userId = await newUser();
    const { file } = await files.upload({ userId }, { path: "/keep.txt", body: bodyOf("keep") });
    const orphan = `${userKeyPrefix(userId)}${randomUUID()}`;
    await store.put(orphan, bodyOf("orphan"));
    expect((await files.gc()).sweptBlobs).toBe(0);
    await files.gc({ now: new Date(Date.now() + 2 * 60 * 60 * 1000) });
    expect(await store.stat(orphan)).toBeNull();
    expect((await files.get({ userId }, { id: file.id })).size_bytes).toBe(4);
    expect(await blobKeys(store, userId)).toHaveLength(1);
  });
});
