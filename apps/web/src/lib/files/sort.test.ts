import { describe, expect, it } from "vitest";
import { deriveEntries, type Entry } from "./entries";
import { compareEntries, nextSort, type SortState } from "./sort";
import { makeFile } from "./test-files";

const entries: Entry[] = deriveEntries(
  [
    makeFile("/file10.txt", { size_bytes: 5, updated_at: "2025-01-03T00:00:00.000Z" }),
    makeFile("/file2.txt", { size_bytes: 50, updated_at: "2025-01-01T00:00:00.000Z" }),
    makeFile("/b.png", { size_bytes: 20, mime_type: "image/png", updated_at: "2025-01-02T00:00:00.000Z" }),
    makeFile("/zeta/x.txt", { size_bytes: 1, updated_at: "2025-01-09T00:00:00.000Z" }),
    makeFile("/alpha/y.txt", { size_bytes: 999, updated_at: "2024-01-01T00:00:00.000Z" }),
  ],
  "/",
);

const names = (sort: SortState) => [...entries].sort(compareEntries(sort)).map((entry) => entry.name);

describe("compareEntries", () => {
  it("sorts names naturally, folders first", () => {
    expect(names({ key: "name", direction: "asc" })).toEqual([
      "alpha",
      "zeta",
      "b.png",
      "file2.txt",
      "file10.txt",
    ]);
  });

  it("keeps folders first when the direction flips", () => {
    expect(names({ key: "name", direction: "desc" })).toEqual([
      "zeta",
      "alpha",
      "file10.txt",
      "file2.txt",
      "b.png",
    ]);
  });

  it("sorts by size, folders by what they hold", () => {
    expect(names({ key: "size", direction: "desc" })).toEqual([
      "alpha",
      "zeta",
      "file2.txt",
      "b.png",
      "file10.txt",
    ]);
  });

  it("sorts by type label, then name", () => {
    expect(names({ key: "type", direction: "asc" })).toEqual([
      "alpha",
      "zeta",
      "b.png",
      "file2.txt",
      "file10.txt",
    ]);
  });

  it("sorts by modification time", () => {
    expect(names({ key: "modified", direction: "desc" })).toEqual([
      "zeta",
      "alpha",
      "file10.txt",
      "b.png",
      "file2.txt",
    ]);
  });

  it("is a stable total order: equal values fall back to name, then key", () => {
    const twins = deriveEntries([makeFile("/b.txt"), makeFile("/a.txt")], "/");
    expect(
      [...twins].sort(compareEntries({ key: "size", direction: "asc" })).map((entry) => entry.name),
    ).toEqual(["a.txt", "b.txt"]);
  });
});

describe("nextSort", () => {
  it("flips the direction of the active column", () => {
    expect(nextSort({ key: "name", direction: "asc" }, "name")).toEqual({ key: "name", direction: "desc" });
  });

  it("starts a new column at its natural order", () => {
    expect(nextSort({ key: "name", direction: "asc" }, "modified")).toEqual({
      key: "modified",
      direction: "desc",
    });
    expect(nextSort({ key: "modified", direction: "desc" }, "size")).toEqual({
      key: "size",
      direction: "desc",
    });
    expect(nextSort({ key: "size", direction: "asc" }, "type")).toEqual({ key: "type", direction: "asc" });
  });
});
