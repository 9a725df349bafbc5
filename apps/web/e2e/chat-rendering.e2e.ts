import { AxeBuilder } from "@axe-core/playwright";
import type { Locator, Page } from "playwright-core";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { useBrowserApp } from "./browser-app";
import { createSession, sendMessage, signUp, waitForAssistantText, waitForIdle } from "./chat-helpers";

const assistant = '[data-role="assistant"]';

/** Serious and critical WCAG 2.x A/AA findings inside the last answer. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .include(`${assistant}:last-of-type`)
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return result.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
}

/** The colours the first few highlighted tokens of `block` are drawn in, as the browser computes them. */
const tokenColours = (block: Locator) =>
  block
    .locator("pre[data-highlighted] span")
    .evaluateAll((spans) => spans.slice(0, 12).map((span) => getComputedStyle(span).color));

/** The colour each of `texts` is drawn in, read from the highlighted token spelled exactly so. */
const coloursOf = (block: Locator, texts: string[]) =>
  block.locator("pre[data-highlighted] span").evaluateAll(
    (spans, wanted) =>
      wanted.map((text) => {
        const span = spans.find((candidate) => candidate.textContent === text);
        return { text, colour: span ? getComputedStyle(span).color : "(no such token)" };
      }),
    texts,
  );

/**
 * How the model's markdown is drawn beyond plain text: highlighted code, `$$` math, mermaid
 * diagrams, in both themes, and a fence shown plain while it is still being streamed.
 */
describe.skipIf(inject("e2eSkipReason") !== "")("chat: rendering", () => {
  // Slow enough (each delta is ~8 words) to watch an open fence being streamed.
  const t = useBrowserApp({ env: { OFFLINE_MODEL_DELAY_MS: "120" }, context: { colorScheme: "light" } });
  const external: string[] = [];

  beforeEach(async () => {
    external.length = 0;
    t.page.on("request", (request) => {
      if (!request.url().startsWith(t.app.baseUrl)) external.push(request.url());
    });
    await signUp(t.context, t.app.baseUrl);
    const sessionId = await createSession(t.context, t.app.baseUrl);
    await t.page.goto(`/chat/${sessionId}`);
  });

  it("highlights code, typesets $$ math, draws mermaid, leaves prices alone, in both themes", async () => {
    await t.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: t.app.baseUrl });
    // A slow device, until the code is coloured: the highlighter's first run compiles the grammar,
    // which once made shiki's per-line time limit cut lines short (CI drew the code in one colour).
    const cdp = await t.context.newCDPSession(t.page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 10 });
    const code =
      "// the answer\nconst answer: number = 42;\nexport function double(x: number) {\n  return x * 2;\n}";
    await sendMessage(
      t.page,
      [
        "/echo Code:",
        "",
        "```ts",
        code,
        "```",
        "",
        "Energy is $$E=mc^2$$ and it costs $5 and $6 today.",
        "",
        "```mermaid",
        "graph TD",
        "  Start --> Done",
        "```",
        "",
        "```html",
        "<script>window.__pwned = true</script>",
        "```",
      ].join("\n"),
    );
    await waitForAssistantText(t.page, 10);
    await waitForIdle(t.page);
    const message = t.page.locator(assistant).last();

    // Code: coloured tokens (both themes' colours as variables), the text unchanged, copied as written.
    const block = message.locator('[data-slot="code-block"]').first();
    await block.locator('pre[data-highlighted] span[style*="--shiki-light"]').first().waitFor();
    expect(await block.locator("pre").textContent()).toBe(code);
    // A comment, a keyword, a number and a function name: four colours. A highlighter cut short
    // on a slow device drew everything after the comment in the comment's colour.
    const kinds = await coloursOf(block, ["// the answer", "const", "42", "double"]);
    expect(new Set(kinds.map((kind) => kind.colour)).size, JSON.stringify(kinds)).toBe(4);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    const light = await tokenColours(block);
    await block.getByRole("button", { name: /copy code/i }).click();
    // Copying is asynchronous: poll the clipboard rather than read it once.
    await expect.poll(() => t.page.evaluate(() => navigator.clipboard.readText())).toBe(code);

    // Raw HTML in a fence is text.
    await message.getByText("<script>window.__pwned = true</script>").waitFor();
    expect(await message.locator("script").count()).toBe(0);

    // Math: `$$…$$` typeset; single dollars stay text.
    await message.locator(".katex").first().waitFor();
    expect(await message.locator(".katex annotation").first().textContent()).toBe("E=mc^2");
    const paragraph = message.locator("p", { hasText: "it costs" });
    expect(await paragraph.textContent()).toContain("it costs $5 and $6 today.");
    expect(await paragraph.locator(".katex").count()).toBe(1);

    // Mermaid: a diagram, with nothing that could run.
    const diagram = message.locator('[data-slot="mermaid"] svg');
    await diagram.waitFor();
    expect(await diagram.locator("text, tspan").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining("Start")]),
    );
    expect(await diagram.locator("script, foreignObject").count()).toBe(0);
    // Its own stylesheet survived sanitising (else the theme would not apply).
    expect(await diagram.locator("style").count()).toBeGreaterThan(0);
    const lightDiagram = await diagram.innerHTML();

    expect(await violations(t.page)).toEqual([]);

    // Dark: the same tokens in the dark theme's colours, the diagram redrawn, still AA.
    await t.page.emulateMedia({ colorScheme: "dark" });
    await t.page.waitForFunction(
      (before) => {
        const svg = document.querySelector('[data-role="assistant"] [data-slot="mermaid"] svg');
        return svg !== null && svg.innerHTML !== before;
      },
      lightDiagram,
      { polling: 50 },
    );
    const dark = await tokenColours(block);
    expect(dark).not.toEqual(light);
    expect(await violations(t.page)).toEqual([]);

    expect(external).toEqual([]);
  });

  it("shows a fence plain while it is streamed and highlights it once closed", async () => {
    const lines = Array.from({ length: 24 }, (_, index) => `let v${index} = ${index};`);
    // Watch every change to the answer: was a <pre> ever highlighted while its fence was open?
    await t.page.evaluate(() => {
      const seen = { open: 0, openHighlighted: 0 };
      (window as unknown as { __fences: typeof seen }).__fences = seen;
      new MutationObserver(() => {
        for (const pre of document.querySelectorAll('[data-role="assistant"] pre[data-open]')) {
          seen.open++;
          if (pre.querySelector('span[style*="--shiki"]')) seen.openHighlighted++;
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await sendMessage(t.page, ["/echo Streaming:", "", "```ts", ...lines, "```", "", "Done."].join("\n"));

    const message = t.page.locator(assistant).last();
    const open = message.locator("pre[data-open]");
    await open.waitFor();
    expect(await open.locator("span[style]").count()).toBe(0);
    expect(await message.getByText("Done.").count()).toBe(0);

    await waitForIdle(t.page);
    await message.locator('pre[data-highlighted] span[style*="--shiki-light"]').first().waitFor();
    expect(await message.locator("pre[data-open]").count()).toBe(0);
    expect(await message.locator("pre").textContent()).toBe(lines.join("\n"));
    const seen = await t.page.evaluate(
      () => (window as unknown as { __fences: { open: number; openHighlighted: number } }).__fences,
    );
    expect(seen.open).toBeGreaterThan(0);
    expect(seen.openHighlighted).toBe(0);
  });
});
