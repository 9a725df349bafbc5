import { describe, expect, it, vi } from "vitest";
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

  it("colours correctly on a machine too slow for any per-line time limit", async () => {
    // The first use of a grammar compiles its patterns: ~0.4 s for TypeScript on an idle desktop,
    // more on a slow phone or a loaded CI. shiki's default 500 ms per-line limit then cut lines
    // short and painted the rest in the colour of the state they stopped in (code as a comment),
    // and that wrong answer was cached. Here every read of the clock moves it on by a second.
    await highlight("let warm = 1;", "typescript");
    let now = Date.now();
    const clock = vi.spyOn(Date, "now").mockImplementation(() => (now += 1_000));
    try {
      const lines = await highlight("// a note\nconst slow = 1;", "typescript");
      const comment = lines[0]?.[0]?.style["--shiki-light"];
      const keyword = lines[1]?.find((token) => token.content === "const");
      expect(keyword?.style["--shiki-light"]).toMatch(/^#[0-9a-f]{6}$/i);
      expect(keyword?.style["--shiki-light"]).not.toBe(comment);
      expect(new Set(lines[1]?.map((token) => token.style["--shiki-light"])).size).toBeGreaterThan(2);
    } finally {
      clock.mockRestore();
    }
  });

  it("leaves a line too long to tokenize quickly plain, and colours the lines around it", async () => {
    const long = `const data = "${"x".repeat(5_000)}";`;
    const lines = await highlight(`let before = 1;\n${long}\nlet after = 2;`, "typescript");
    expect(lines[1]).toEqual([{ content: long, style: {} }]);
    expect(lines[2]?.find((token) => token.content === "let")?.style["--shiki-light"]).toBe(
      lines[0]?.find((token) => token.content === "let")?.style["--shiki-light"],
    );
  });
});
