import { describe, expect, it } from "vitest";
import { imageSource, linkTarget } from "./url-policy";

const FILE = "0b6f6c3e-0f47-4a4f-8f3a-6f2d2c1b0a99";

describe("linkTarget", () => {
  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u0001javascript:alert(1)",
    "jav\u0000ascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "\\\\evil.example/x",
    "/\\evil.example/x",
    "\\/evil.example/x",
    "file:///etc/passwd",
    "blob:https://example.com/uuid",
    "ftp://example.com/file",
    "workspace://not-a-uuid",
    "",
    "   ",
  ])("blocks %j", (url) => {
    expect(linkTarget(url)).toEqual({ kind: "blocked" });
  });

  it.each([
    ["https://example.com/a?b=c#d", "https://example.com/a?b=c#d"],
    ["http://example.com", "http://example.com/"],
    ["HTTPS://Example.com/x", "https://example.com/x"],
    ["mailto:someone@example.com", "mailto:someone@example.com"],
  ])("opens %j externally", (url, href) => {
    expect(linkTarget(url)).toEqual({ kind: "external", href });
  });

  it.each(["/files", "/chat/123?x=1", "#section", "?page=2", "relative/path"])(
    "keeps %j on this origin",
    (url) => {
      expect(linkTarget(url)).toEqual({ kind: "internal", href: url });
    },
  );

  it("turns a workspace reference into its download route", () => {
    expect(linkTarget(`workspace://${FILE}#text/plain`)).toEqual({
      kind: "internal",
      href: `/api/workspace/files/${FILE}/download`,
      download: true,
    });
  });
});

describe("imageSource", () => {
  it("fetches workspace images through the image route", () => {
    expect(imageSource(`workspace://${FILE}#image/png`)).toEqual({
      kind: "workspace",
      src: `/api/workspace/files/${FILE}/image`,
      fileId: FILE,
      downloadHref: `/api/workspace/files/${FILE}/download`,
    });
    expect(imageSource(`workspace://${FILE.toUpperCase()}`)).toMatchObject({
      kind: "workspace",
      fileId: FILE,
    });
  });

  it("shows a workspace file that is not an image as a download link", () => {
    expect(imageSource(`workspace://${FILE}#application/pdf`)).toEqual({
      kind: "link",
      link: { kind: "internal", href: `/api/workspace/files/${FILE}/download`, download: true },
    });
  });

  it("allows same-origin paths", () => {
    expect(imageSource("/brand/logo.png")).toEqual({ kind: "same-origin", src: "/brand/logo.png" });
  });

  it.each([
    ["https://tracker.example/pixel.gif", { kind: "external", href: "https://tracker.example/pixel.gif" }],
    ["//tracker.example/pixel.gif", { kind: "blocked" }],
    ["/\\tracker.example/pixel.gif", { kind: "blocked" }],
    ["data:image/png;base64,iVBORw0KGgo=", { kind: "blocked" }],
    ["javascript:alert(1)", { kind: "blocked" }],
    ["relative.png", { kind: "internal", href: "relative.png" }],
  ])("never fetches %j (a link at most)", (url, link) => {
    expect(imageSource(url)).toEqual({ kind: "link", link });
  });
});
