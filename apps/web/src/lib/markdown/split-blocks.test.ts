import { describe, expect, it } from "vitest";
import { splitMarkdownBlocks } from "./split-blocks";

describe("splitMarkdownBlocks", () => {
  it("splits paragraphs and headings at blank lines", () => {
    expect(splitMarkdownBlocks("## Title\n\nFirst para\nstill first.\n\nSecond.")).toEqual([
      "## Title",
      "First para\nstill first.",
      "Second.",
    ]);
  });

  it("keeps a block stable while the next one streams in", () => {
    expect(splitMarkdownBlocks("Done.\n\n")).toEqual(["Done."]);
    expect(splitMarkdownBlocks("Done.\n\n##")).toEqual(["Done.", "##"]);
  });

  it("never splits inside a code fence, closed or still open", () => {
    const fenced = "```ts\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter.";
    expect(splitMarkdownBlocks(fenced)).toEqual(["```ts\nconst a = 1;\n\nconst b = 2;\n```", "After."]);
    expect(splitMarkdownBlocks("~~~\nopen\n\nstill open")).toEqual(["~~~\nopen\n\nstill open"]);
    // A shorter fence does not close a longer one.
    expect(splitMarkdownBlocks("````\n```\n\nx\n````\n\ny")).toEqual(["````\n```\n\nx\n````", "y"]);
  });

  it("never splits inside a `$$` math block, and takes `$$x$$` on a line for inline math", () => {
    expect(splitMarkdownBlocks("$$\na = 1\n\nb = 2\n$$\n\nAfter.")).toEqual([
      "$$\na = 1\n\nb = 2\n$$",
      "After.",
    ]);
    expect(splitMarkdownBlocks("$$\nstill\n\nopen")).toEqual(["$$\nstill\n\nopen"]);
    expect(splitMarkdownBlocks("$$x$$\n\nNext.")).toEqual(["$$x$$", "Next."]);
    expect(splitMarkdownBlocks("Costs $5\n\nand $6.")).toEqual(["Costs $5", "and $6."]);
  });

  it("keeps loose lists and indented continuations together", () => {
    expect(splitMarkdownBlocks("- a\n\n- b\n\n  more b\n\nAfter.")).toEqual([
      "- a\n\n- b\n\n  more b",
      "After.",
    ]);
    expect(splitMarkdownBlocks("1. one\n\n2. two")).toEqual(["1. one\n\n2. two"]);
  });

  it("keeps text with reference definitions whole", () => {
    const text = "See [the docs][d].\n\n[d]: https://example.com";
    expect(splitMarkdownBlocks(text)).toEqual([text]);
  });

  it("gives nothing for blank text", () => {
    expect(splitMarkdownBlocks("\n\n")).toEqual([]);
  });
});
