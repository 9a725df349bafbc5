import { describe, expect, it } from "vitest";
import { isOpenFence } from "./remark-open-blocks";

describe("isOpenFence", () => {
  it.each([
    ["```ts", true],
    ["```ts\nconst a = 1;", true],
    ["```ts\nconst a = 1;\n``", true],
    ["````\n```", true],
    ["~~~\nx\n```", true],
    ["$$\nE = mc^2", true],
    ["```ts\nconst a = 1;\n```", false],
    ["```\nx\n````", false],
    ["~~~\nx\n~~~", false],
    ["$$\nE = mc^2\n$$", false],
    ["```ts\nconst a = 1;\n  ```  ", false],
    // Inside a list item or a blockquote the closing line carries the container's prefix.
    ["```ts\n  const a = 1;\n  ```", false],
    ["```\n> x\n> ```", false],
    ["```\n> x", true],
    // Indented code has no fence to close.
    ["    indented code", false],
  ])("%j → %s", (source, open) => {
    expect(isOpenFence(source)).toBe(open);
  });
});
