import { describe, expect, it } from "vitest";
import { filesHref } from "./files-href";
import { baseName, breadcrumbs, folderOf, joinPath, normalizeFolder, parentFolder } from "./paths";

describe("normalizeFolder", () => {
  it.each([
    [null, "/"],
    ["", "/"],
    ["/", "/"],
    ["docs", "/docs/"],
    ["/docs", "/docs/"],
    ["/docs/", "/docs/"],
    ["//docs///2024//", "/docs/2024/"],
    ["/docs/./../x/", "/docs/x/"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeFolder(input)).toBe(expected);
  });

  it("composes Unicode the way the server does (NFC)", () => {
    expect(normalizeFolder("/Cafe\u0301")).toBe("/Caf\u00e9/");
  });
});

describe("folderOf, baseName, joinPath, parentFolder", () => {
  it("splits paths and folders", () => {
    expect(folderOf("/a/b/c.txt")).toBe("/a/b/");
    expect(folderOf("/c.txt")).toBe("/");
    expect(baseName("/a/b/c.txt")).toBe("c.txt");
    expect(baseName("/a/b/")).toBe("b");
    expect(baseName("/")).toBe("");
    expect(joinPath("/a/", "c.txt")).toBe("/a/c.txt");
    expect(joinPath("a", "c.txt")).toBe("/a/c.txt");
    expect(parentFolder("/a/b/")).toBe("/a/");
    expect(parentFolder("/a/")).toBe("/");
    expect(parentFolder("/")).toBeNull();
  });
});

describe("breadcrumbs", () => {
  it("starts at the root and ends at the current folder", () => {
    expect(breadcrumbs("/reports/2024/")).toEqual([
      { label: "Files", folder: "/" },
      { label: "reports", folder: "/reports/" },
      { label: "2024", folder: "/reports/2024/" },
    ]);
  });

  it("is only the root at the root", () => {
    expect(breadcrumbs("/")).toEqual([{ label: "Files", folder: "/" }]);
  });

  it("keeps names with spaces and non-ASCII intact", () => {
    expect(breadcrumbs("/my docs/résumé/").map((crumb) => crumb.label)).toEqual([
      "Files",
      "my docs",
      "résumé",
    ]);
  });
});

describe("filesHref", () => {
  it("leaves out the root folder and an empty search", () => {
    expect(filesHref({ folder: "/" })).toBe("/files");
    expect(filesHref({ folder: "/", q: "  " })).toBe("/files");
  });

  it("encodes the folder and the search", () => {
    expect(filesHref({ folder: "/my docs/", q: "a&b" })).toBe("/files?folder=%2Fmy+docs%2F&q=a%26b");
  });
});
