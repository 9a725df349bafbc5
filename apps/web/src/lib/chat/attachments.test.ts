import type { WorkspaceFile } from "@copilot/protocol";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/api-error";
import type { UploadRequest } from "../files/upload-queue";
import { attachmentPath, numberedPath, uploadWithFreeName } from "./attachments";

describe("attachment paths", () => {
  it("go to a folder per day under /uploads", () => {
    expect(attachmentPath("photo.png", new Date(2026, 11, 6, 23, 59))).toBe("/uploads/2026-12-06/photo.png");
    expect(attachmentPath("a/b.txt", new Date(2026, 0, 2))).toBe("/uploads/2026-01-02/a-b.txt");
  });

  it.each([
    ["/u/a.png", 1, "/u/a.png"],
    ["/u/a.png", 2, "/u/a (2).png"],
    ["/u/archive.tar.gz", 3, "/u/archive.tar (3).gz"],
    ["/u/README", 2, "/u/README (2)"],
    ["/u/.env", 2, "/u/.env (2)"],
  ])("%s numbered %i is %s", (path, n, expected) => {
    expect(numberedPath(path, n)).toBe(expected);
  });
});

describe("uploadWithFreeName", () => {
  const request = (signal = new AbortController().signal): UploadRequest => ({
    file: new Blob(["x"]),
    path: "/uploads/d/a.png",
    overwrite: false,
    signal,
    onProgress: () => {},
  });
  const stored = (path: string) => ({ file: { path } as WorkspaceFile, replaced: false });

  it("takes the next free name when one is taken, never overwriting", async () => {
    const tried: string[] = [];
    const upload = uploadWithFreeName(async ({ path, overwrite }) => {
      tried.push(`${path}${overwrite ? " (overwrite)" : ""}`);
      if (tried.length < 3) throw new ApiError("file_exists", "taken", 409);
      return stored(path);
    });
    expect((await upload(request())).file.path).toBe("/uploads/d/a (3).png");
    expect(tried).toEqual(["/uploads/d/a.png", "/uploads/d/a (2).png", "/uploads/d/a (3).png"]);
  });

  it("passes any other failure through at once", async () => {
    let calls = 0;
    const upload = uploadWithFreeName(async () => {
      calls += 1;
      throw new ApiError("quota_exceeded", "full", 413);
    });
    await expect(upload(request())).rejects.toMatchObject({ code: "quota_exceeded" });
    expect(calls).toBe(1);
  });
});
