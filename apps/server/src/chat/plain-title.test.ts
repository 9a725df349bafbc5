import { describe, expect, it } from "vitest";
import { plainTitle } from "./plain-title";

describe("plainTitle", () => {
  it.each([
    ["**Summarize** the _quarterly_ report", "Summarize the quarterly report"],
    ["# Plan for `deploy.sh`", "Plan for deploy.sh"],
    ["see [the docs](https://example.com) and ![chart](workspace://x)", "see the docs and chart"],
    ["> quoted\n- item one\n1. item two", "quoted item one item two"],
    ["```ts\nconst a = 1;\n```", "const a = 1;"],
    ["<b>hi</b> there", "hi there"],
    ["snake_case_name stays", "snake_case_name stays"],
    ["2 * 3 * 4", "2 * 3 * 4"],
    ["__init__ and _this_", "init and this"],
    ["", "New chat"],
  ])("%j → %j", (message, title) => {
    expect(plainTitle(message, "New chat")).toBe(title);
  });

  it("cuts long titles at 60 characters without splitting a character", () => {
    const title = plainTitle("😀".repeat(100), "New chat");
    expect(Array.from(title)).toHaveLength(58);
    expect(title.endsWith("…")).toBe(true);
    expect(title).not.toMatch(/\p{Cs}/u);
  });
});
