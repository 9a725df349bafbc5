// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { sanitizeSvg } from "./sanitize-svg";

const clean = (markup: string) => sanitizeSvg(markup)?.outerHTML ?? null;

describe("sanitizeSvg", () => {
  it("keeps a diagram's drawing, text, styles and in-document references", () => {
    const svg =
      '<svg id="m1" viewBox="0 0 10 10" role="graphics-document document"><style>#m1 .node rect{fill:#eee;}</style>' +
      '<defs><marker id="arrow"><path d="M0,0 L10,5"/></marker></defs>' +
      '<g class="node"><rect width="5" height="5" style="fill:#fff;stroke:#333"/><text>A &amp; B</text></g>' +
      '<path marker-end="url(#arrow)" d="M0,0L5,5"/><use href="#arrow"/></svg>';
    const out = clean(svg);
    expect(out).toContain("<style>#m1 .node rect{fill:#eee;}</style>");
    expect(out).toContain('marker-end="url(#arrow)"');
    expect(out).toContain('<use href="#arrow">');
    expect(out).toContain("<text>A &amp; B</text>");
    expect(out).toContain('style="fill:#fff;stroke:#333"');
  });

  it("drops scripts, handlers, foreignObject and anything that runs or embeds", () => {
    const out = clean(
      '<svg onload="alert(1)"><script>alert(2)</script><g onclick="alert(3)" class="n"><text onmouseover="alert(4)">x</text></g>' +
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(5)"></div></foreignObject>' +
        '<iframe src="https://evil.example"></iframe><animate attributeName="href" to="javascript:alert(6)"/>' +
        '<set attributeName="onclick" to="alert(7)"/><image href="https://tracker.example/p.png"/></svg>',
    );
    expect(out).toBe('<svg><g class="n"><text>x</text></g></svg>');
  });

  it("drops links and references that leave the document", () => {
    const out = clean(
      '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a href="javascript:alert(1)"><text>a</text></a>' +
        '<a xlink:href="JaVaScRiPt:alert(2)"><text>b</text></a><a href="https://evil.example"><text>c</text></a>' +
        '<use href="data:image/svg+xml,&lt;svg onload=alert(3)&gt;"/><use href="#ok" xml:base="https://evil.example/"/>' +
        '<rect fill="url(https://tracker.example/f#x)" style="background:url(//tracker.example/s)"/></svg>',
    );
    expect(out).not.toMatch(/javascript|evil|tracker|data:|xml:base/i);
    expect(out).toContain('<use href="#ok">');
    expect(out).toContain("<text>a</text>");
  });

  it("drops a stylesheet that could fetch or escape", () => {
    for (const css of [
      "@import url(https://evil.example/x.css);",
      ".a{background:url(https://tracker.example/p)}",
      ".a{background:u\\72l(https://tracker.example/p)}",
      ".a{background:url( 'data:image/png;base64,AA' )}",
    ]) {
      expect(clean(`<svg><style>${css}</style><rect/></svg>`)).toBe("<svg><rect></rect></svg>");
    }
  });

  it("finds no picture in text without an <svg>", () => {
    expect(clean("<div>not a diagram</div>")).toBeNull();
    expect(clean("")).toBeNull();
  });
});
