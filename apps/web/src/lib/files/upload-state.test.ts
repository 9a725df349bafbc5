import { describe, expect, it } from "vitest";
import { makeFile } from "./test-files";
import {
  applyUploadAction,
  summarizeUploads,
  type UploadAction,
  type UploadItem,
  uploadPercent,
} from "./upload-state";

const problem = { code: "file_exists" as const, message: "taken", canReplace: true, canRetry: false };

function run(...actions: UploadAction[]): readonly UploadItem[] {
  return actions.reduce(applyUploadAction, [] as readonly UploadItem[]);
}

const added: UploadAction = {
  type: "added",
  items: [
    { id: "a", name: "a.txt", size: 1000, path: "/a.txt" },
    { id: "b", name: "b.txt", size: 10, path: "/docs/b.txt" },
  ],
};

describe("applyUploadAction", () => {
  it("queues new files without overwrite", () => {
    expect(run(added).map((item) => [item.id, item.status.kind, item.overwrite])).toEqual([
      ["a", "queued", false],
      ["b", "queued", false],
    ]);
  });

  it("goes from uploading through processing to done", () => {
    const file = makeFile("/a.txt");
    const steps = [
      added,
      { type: "started", id: "a" },
      { type: "progressed", id: "a", loaded: 250, total: 1000 },
    ] satisfies UploadAction[];
    expect(run(...steps)[0]?.status).toEqual({ kind: "uploading", loaded: 250, total: 1000 });
    const sent = run(...steps, { type: "progressed", id: "a", loaded: 1000, total: 1000 });
    expect(sent[0]?.status).toEqual({ kind: "processing" });
    const done = applyUploadAction(sent, { type: "succeeded", id: "a", file, replaced: false });
    expect(done[0]?.status).toEqual({ kind: "done", file, replaced: false });
  });

  it("requeues with overwrite after file_exists (Replace)", () => {
    const items = run(
      added,
      { type: "started", id: "a" },
      { type: "failed", id: "a", problem },
      { type: "requeued", id: "a", overwrite: true },
    );
    expect(items[0]).toMatchObject({ overwrite: true, status: { kind: "queued" } });
  });

  it("dismisses one and clears only finished ones", () => {
    const file = makeFile("/a.txt");
    const items = run(
      added,
      { type: "started", id: "a" },
      { type: "succeeded", id: "a", file, replaced: false },
    );
    expect(applyUploadAction(items, { type: "cleared" }).map((item) => item.id)).toEqual(["b"]);
    expect(applyUploadAction(items, { type: "dismissed", id: "b" }).map((item) => item.id)).toEqual(["a"]);
  });

  it("ignores actions for an upload that was dismissed meanwhile", () => {
    const items = run(added, { type: "dismissed", id: "a" });
    expect(applyUploadAction(items, { type: "progressed", id: "a", loaded: 1, total: 2 })).toEqual(items);
  });
});

describe("uploadPercent", () => {
  it("keeps 100 for the server's answer", () => {
    expect(uploadPercent({ kind: "queued" })).toBe(0);
    expect(uploadPercent({ kind: "uploading", loaded: 1, total: 3 })).toBe(33);
    expect(uploadPercent({ kind: "uploading", loaded: 3, total: 3 })).toBe(99);
    expect(uploadPercent({ kind: "uploading", loaded: 5, total: 0 })).toBe(0);
    expect(uploadPercent({ kind: "processing" })).toBe(99);
    expect(uploadPercent({ kind: "done", file: makeFile("/a"), replaced: false })).toBe(100);
  });
});

describe("summarizeUploads", () => {
  it("says what is going on in one sentence", () => {
    expect(summarizeUploads([])).toBe("");
    expect(summarizeUploads(run(added))).toBe("Uploading 2 files.");
    const mixed = run(
      added,
      { type: "succeeded", id: "a", file: makeFile("/a.txt"), replaced: false },
      { type: "failed", id: "b", problem },
    );
    expect(summarizeUploads(mixed)).toBe("1 uploaded, 1 needs attention.");
  });
});
