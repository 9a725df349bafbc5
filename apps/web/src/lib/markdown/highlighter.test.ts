import { describe, expect, it } from "vitest";
import { codeLanguage } from "./code-languages";
import { cachedHighlight, highlight } from "./highlighter";

describe("codeLanguage", () => {
  it("knows the common languages and their usual names, and nothing else", () => {
    expect(codeLanguage("ts")).toBe("typescript");
    expect(codeLanguage("TypeScript")).toBe("typescript");
    expect(codeLanguage("py")).toBe("python");
    expect(codeLanguage("sh")).toBe("bash");
    expect(codeLanguage("yml")).toBe("yaml");
    expect(codeLanguage("c++")).toBe("cpp");
    expect(codeLanguage("cobol")).toBeNull();
    expect(codeLanguage("constructor")).toBeNull();
    expect(codeLanguage("")).toBeNull();
    expect(codeLanguage(null)).toBeNull();
  });
});

describe("highlight", () => {
  it("colours code in both themes without changing a character", async () => {
    const code = "const answer: number = 42; // why\nconsole.log(`<b>` + answer);";
    expect(cachedHighlight(code, "typescript")).toBeNull();
    const lines = await highlight(code, "typescript");
    expect(lines.map((line) => line.map((token) => token.content).join("")).join("\n")).toBe(code);
    const keyword = lines[0]?.find((token) => token.content === "const");
    expect(keyword?.style["--shiki-light"]).toMatch(/^#[0-9a-f]{6}$/i);
    expect(keyword?.style["--shiki-dark"]).toMatch(/^#[0-9a-f]{6}$/i);
    expect(keyword?.style["--shiki-light"]).not.toBe(keyword?.style["--shiki-dark"]);
    expect(cachedHighlight(code, "typescript")).toBe(lines);
    // Asking again reuses the first run.
    expect(await highlight(code, "typescript")).toBe(lines);
  });

  it("loads each grammar when first used", async () => {
    const lines = await highlight("def f(x):\n    return x", "python");
    expect(lines).toHaveLength(2);
    expect(new Set(lines.flat().map((token) => token.style["--shiki-light"])).size).toBeGreaterThan(1);
  });
});
