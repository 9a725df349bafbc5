import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statusByCode } from "../http/errors";
import { createTestApp, modeAvailable, type TestApp } from "../testing/test-app";
import { bodyOf, codeOf, workspaceState } from "../testing/workspace-fixtures";
import type { FileStore } from "./stores/file-store";
import { createWorkspaceFiles } from "./workspace-files";

const available = await modeAvailable();

/** A disk that fills mid-upload: 507 insufficient_storage, nothing left behind (issue 10, finding 7). */
describe.skipIf(!available)("storage full mid-upload", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it("answers insufficient_storage (507) and leaves no row or reservation", async () => {
    // The real store, whose writes fail as a full disk's do once some bytes are in.
    const full: FileStore = {
      ...t.fileStore,
      async put(_key, body) {
        for await (const _chunk of body) break;
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), {
          code: "ENOSPC",
          errno: -28,
        });
      },
    };
    const files = createWorkspaceFiles({
      db: t.deps.db,
      store: full,
      log: t.deps.log,
      limits: { maxFileBytes: 1_000_000, quotaBytes: 10_000_000, trashDays: 7 },
    });
    const user = await t.signup();
    const code = await codeOf(
      files.upload({ userId: user.id }, { path: "/big.bin", body: bodyOf("x".repeat(70_000)) }),
    );
    expect(code).toBe("insufficient_storage");
    expect(statusByCode[code as "insufficient_storage"]).toBe(507);
    expect(await workspaceState(t.deps.db, user.id)).toEqual({ used: 0, reserved: 0, uploads: 0, rows: 0 });
  });
});
