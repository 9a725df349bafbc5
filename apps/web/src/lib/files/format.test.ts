import { describe, expect, it } from "vitest";
import { previewKind } from "./file-kinds";
import { countFiles, describeType, essenceOf, formatDateUtc } from "./format";

describe("describeType", () => {
  it.each([
    ["image/png", "PNG image"],
    ["image/jpeg", "JPEG image"],
    ["text/plain; charset=utf-8", "Text"],
    ["text/markdown", "Markdown"],
    ["application/pdf", "PDF"],
    ["application/octet-stream", "Binary"],
    ["application/vnd.ms-excel", "MS-EXCEL"],
    ["video/mp4", "MP4 video"],
    ["text/x-weird", "Text"],
  ])("%s → %s", (mime, label) => {
    expect(describeType(mime)).toBe(label);
  });

  it("strips parameters and case from the essence", () => {
    expect(essenceOf("Text/Plain; charset=UTF-8")).toBe("text/plain");
  });
});

describe("previewKind", () => {
  it("previews raster images as images, text (SVG too) as text, the rest not at all", () => {
    expect(previewKind("image/png")).toBe("image");
    expect(previewKind("image/webp")).toBe("image");
    expect(previewKind("image/svg+xml")).toBe("text");
    expect(previewKind("text/html")).toBe("text");
    expect(previewKind("application/json")).toBe("text");
    expect(previewKind("application/pdf")).toBe("none");
  });
});

describe("small words", () => {
  it("counts files and dates in UTC", () => {
    expect(countFiles(1)).toBe("1 file");
    expect(countFiles(1200)).toBe("1,200 files");
    expect(formatDateUtc("2025-03-04T23:59:00.000Z")).toBe("2025-03-04");
  });
});
