import { describe, expect, it } from "vitest";
import { deriveEntries } from "./entries";
import { makeFile } from "./test-files";

describe("deriveEntries", () => {
  const files = [
    makeFile("/notes.txt", { size_bytes: 10 }),
    makeFile("/docs/a.txt", { size_bytes: 1, updated_at: "2025-01-02T00:00:00.000Z" }),
    makeFile("/docs/deep/b.txt", { size_bytes: 2, updated_at: "2025-01-05T00:00:00.000Z" }),
    makeFile("/sessions/123/chart.png", { size_bytes: 300 }),
  ];

  it("shows files at this level and one row per subfolder at the root", () => {
    const entries = deriveEntries(files, "/");
    expect(entries.map((entry) => [entry.kind, entry.name])).toEqual([
      ["folder", "docs"],
      ["folder", "sessions"],
      ["file", "notes.txt"],
    ]);
  });

  it("summarises everything below a folder: count, size and newest change", () => {
    const docs = deriveEntries(files, "/").find((entry) => entry.name === "docs");
    expect(docs).toMatchObject({
      kind: "folder",
      folder: "/docs/",
      fileCount: 2,
      sizeBytes: 3,
      updatedAt: "2025-01-05T00:00:00.000Z",
    });
  });

  it("goes one level deeper inside a folder", () => {
    const entries = deriveEntries(files, "/docs/");
    expect(entries.map((entry) => [entry.kind, entry.name])).toEqual([
      ["folder", "deep"],
      ["file", "a.txt"],
    ]);
    expect(entries[0]).toMatchObject({ folder: "/docs/deep/" });
  });

  it("ignores files outside the folder", () => {
    expect(deriveEntries(files, "/elsewhere/")).toEqual([]);
    // A sibling whose name merely starts the same is not inside.
    expect(deriveEntries([makeFile("/docs2/x.txt")], "/docs/")).toEqual([]);
  });
});
