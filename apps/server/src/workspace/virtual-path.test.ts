import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { canonicalPath, canonicalPrefix, nameOf, resolvePath } from "./virtual-path";

const session = "3f1c2a9e-1b2c-4d5e-8f90-123456789abc";
const base = `/chats/notes-${session.slice(0, 8)}/`;
const name = (bytes: number) => "a".repeat(bytes);

describe("canonicalPath", () => {
  const rejected: Array<[label: string, input: string]> = [
    ["parent segment", "../etc/passwd"],
    ["parent segment in the middle", "/a/../b.txt"],
    ["dot segment", "/a/./b.txt"],
    ["backslash traversal", "..\\secret.txt"],
    ["backslash as separator", "folder\\file.txt"],
    ["NUL byte", "a\u0000b.txt"],
    ["newline", "a\nb.txt"],
    ["carriage return", "a\rb.txt"],
    ["DEL", "a\u007fb.txt"],
    ["C1 control", "a\u0085b.txt"],
    ["fullwidth dots", "．．/escape.txt"],
    ["one fullwidth dot", "/a/．/b.txt"],
    ["RTL override", "invoice\u202Etxt.exe"],
    ["bidi isolate", "a\u2066b.txt"],
    ["right-to-left mark", "a\u200fb.txt"],
    ["line separator", "a\u2028b.txt"],
    ["BOM", "\ufeffname.txt"],
    ["lone surrogate", "a\ud800b.txt"],
    ["300-byte name", name(300)],
    ["256-byte name", name(256)],
    ["multi-byte name over 255 bytes", "é".repeat(128)],
    ["trailing slash", "/docs/"],
    ["duplicate slashes", "/docs//a.txt"],
    ["the root", "/"],
    ["empty", ""],
    ["only spaces", "/docs/   /a.txt"],
    ["too deep", `/${Array.from({ length: 33 }, () => "d").join("/")}`],
    ["too long", `/${Array.from({ length: 5 }, () => name(250)).join("/")}`],
  ];
  it.each(rejected)("rejects %s", (_label, input) => {
    const result = canonicalPath(input, base);
    expect(result.ok).toBe(false);
  });

  const accepted: Array<[label: string, input: string, expected: string]> = [
    ["a relative name lands in the chat's folder", "notes.txt", `${base}notes.txt`],
    ["a relative folder too", "data/x.csv", `${base}data/x.csv`],
    ["an absolute path reaches the whole workspace", "/projects/plan.md", "/projects/plan.md"],
    ["percent-encoded dots stay literal", "%2e%2e/x.txt", `${base}%2e%2e/x.txt`],
    ["absolute percent-encoded dots stay literal", "/%2e%2e/%2E%2E", "/%2e%2e/%2E%2E"],
    ["dots inside a name are fine", "/a/..b/c..txt", "/a/..b/c..txt"],
    ["255-byte name", `/${name(255)}`, `/${name(255)}`],
    ["quotes, semicolons and emoji", '/a "b"; c 📄.txt', '/a "b"; c 📄.txt'],
    ["NFD is normalised to NFC", "/cafe\u0301.txt", "/caf\u00e9.txt"],
  ];
  it.each(accepted)("%s", (_label, input, expected) => {
    expect(canonicalPath(input, base)).toEqual({ ok: true, path: expected });
  });

  it("treats NFC and NFD spellings as the same path", () => {
    expect(canonicalPath("/r\u00e9sum\u00e9.pdf")).toEqual(canonicalPath("/re\u0301sume\u0301.pdf"));
  });

  it("resolves relative paths under the root outside a chat", () => {
    expect(canonicalPath("a.txt")).toEqual({ ok: true, path: "/a.txt" });
  });

  it("throws invalid_path with the reason", () => {
    const error = (() => {
      try {
        resolvePath("../x");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("invalid_path");
    expect((error as AppError).message).toContain("'..'");
  });
});

describe("canonicalPrefix and nameOf", () => {
  it("normalises prefixes relative to the base", () => {
    expect(canonicalPrefix(undefined, base)).toBe(base);
    expect(canonicalPrefix("dat", base)).toBe(`${base}dat`);
    expect(canonicalPrefix("/cafe\u0301/", base)).toBe("/caf\u00e9/");
  });

  it("names a file by its last segment", () => {
    expect(nameOf("/a/b/report final.pdf")).toBe("report final.pdf");
  });
});
