import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { loadMathPlugins } from "./math";
import { SafeMarkdown } from "./safe-markdown";

const render = (text: string) => renderToStaticMarkup(<SafeMarkdown text={text} />);

describe("SafeMarkdown", () => {
  beforeAll(async () => {
    // KaTeX comes lazily; once loaded, the first render typesets.
    await loadMathPlugins();
  });

  it("typesets $$ math, display and inline", () => {
    const display = render("$$\nE=mc^2\n$$");
    expect(display).toContain('class="katex-display"');
    const inline = render("Energy is $$E=mc^2$$ here.");
    expect(inline).toContain('class="katex"');
    expect(inline).not.toContain("katex-display");
  });

  it("leaves single dollars as text", () => {
    const html = render("It costs $5 and $6, or $x$ at most.");
    expect(html).toContain("<p>It costs $5 and $6, or $x$ at most.</p>");
    expect(html).not.toContain("katex");
  });

  it("never turns a formula into a link (KaTeX's trust stays off)", () => {
    for (const formula of [
      "$$\\href{javascript:alert(1)}{x}$$",
      "$$\n\\url{javascript:alert(1)}\n$$",
      "$$\n\\href{https://example.com}{y}\n$$",
    ]) {
      const html = render(formula);
      expect(html).toContain("katex");
      expect(html).not.toMatch(/<a[\s>]/);
      expect(html).not.toMatch(/href=/);
    }
  });

  it("shows a formula KaTeX cannot parse as its source", () => {
    const html = render("$$\n\\frac{1}{\n$$");
    expect(html).toContain("katex-error");
    expect(html).toContain("\\frac{1}{");
  });

  it("keeps raw HTML in a code block as text", () => {
    const html = render('```html\n<script>alert(1)</script><img src=x onerror="alert(2)">\n```');
    expect(html).toContain(
      "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;",
    );
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
  });

  it("renders a closed fence as a code block, plain until the highlighter answers", () => {
    const html = render("```ts\nconst a = 1;\n```");
    expect(html).toContain('data-slot="code-block"');
    expect(html).toContain("<pre class=");
    expect(html).not.toContain("data-open");
    expect(html).toContain("<code>const a = 1;</code>");
  });

  it("marks a fence still being streamed as open, also inside a list item or a quote", () => {
    for (const text of [
      "Here:\n\n```ts\nconst a = 1;",
      "- step\n\n  ```bash\n  npm test",
      "> ```\n> quoted",
      "````md\n```\ninner",
    ]) {
      const html = render(text);
      expect(html, text).toContain("<pre data-open=");
    }
    // Closed, or cut short by its container before the end: not open.
    expect(render("- step\n  ```bash\n  npm test\n  ```")).not.toContain("data-open");
    expect(render("- ```\n  a\n\nafter")).not.toContain("data-open");
    // The answer ended without closing it: nothing more will come, so it renders as a code block.
    const ended = renderToStaticMarkup(
      <SafeMarkdown text={"Here:\n\n```ts\nconst a = 1;"} streaming={false} />,
    );
    expect(ended).not.toContain("data-open");
    expect(ended).toContain('data-slot="code-block"');
  });

  it("keeps an open $$ block as source, not a half formula", () => {
    const open = render("Energy:\n\n$$\nE = mc");
    expect(open).toContain('data-slot="math-source"');
    expect(open).not.toContain("katex");
    expect(render("Energy:\n\n$$\nE = mc\n$$")).toContain("katex-display");
  });

  it("keeps a mermaid fence as code while open and until mermaid has drawn it", () => {
    for (const text of ["```mermaid\ngraph TD\n  A-->B", "```mermaid\ngraph TD\n  A-->B\n```"]) {
      const html = render(text);
      expect(html).toContain('data-slot="code-block"');
      expect(html).toContain("graph TD\n  A--&gt;B</code>");
    }
  });
});
