import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { bundledFontOptions } from "./bundled-font";
import { renderChartPng } from "./chart-png";
import { buildChartSvg, CHART_HEIGHT, CHART_WIDTH } from "./chart-svg";
import { PNG_SIGNATURE, pngSize } from "./image-size";

/** Non-white pixels in a horizontal band: proof that text was actually drawn with the bundled font. */
function inkInBand(svg: string, top: number, bottom: number): number {
  const image = new Resvg(svg, { font: bundledFontOptions }).render();
  const pixels = image.pixels; // a getter that copies the whole pixmap on every access
  let ink = 0;
  for (let y = top; y < bottom; y++) {
    for (let x = 0; x < image.width; x++) {
      const offset = (y * image.width + x) * 4;
      if ((pixels[offset] ?? 255) < 128) ink++;
    }
  }
  return ink;
}

describe("renderChartPng", () => {
  it("renders a PNG of the chart's size", async () => {
    const png = await renderChartPng({
      values: [3, 1.5, 10, 7],
      labels: ["a", "b", "c", "d"],
      title: "Sales",
    });
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
  });

  it("draws the title with the bundled font (no system fonts)", () => {
    // Same layout, different title: the difference is the title's own glyphs.
    const withTitle = inkInBand(buildChartSvg({ values: [1, 2], title: "Quarterly revenue" }), 15, 45);
    const withDot = inkInBand(buildChartSvg({ values: [1, 2], title: "." }), 15, 45);
    expect(withTitle - withDot).toBeGreaterThan(200);
  });

  it("escapes markup in the title and labels", async () => {
    const title = `Sales <script>&"quotes"' </svg>`;
    const svg = buildChartSvg({ values: [1, -2], labels: ["<a>", "b&c\u0000"], title });
    expect(svg).toContain("Sales &lt;script&gt;&amp;&quot;quotes&quot;&apos; &lt;/svg&gt;");
    expect(svg).not.toContain("<script>");
    expect(svg).not.toContain("\u0000");
    const png = await renderChartPng({ values: [1, -2], labels: ["<a>", "b&c\u0000"], title });
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
  });

  it.each([
    ["one value", [42]],
    ["all zeros", [0, 0, 0]],
    ["negatives only", [-1, -20, -3]],
    ["tiny values", [1e-9, 2e-9]],
    ["huge values", [1e15, -1e15]],
    ["a hundred values", Array.from({ length: 100 }, (_, index) => index * index)],
  ])("handles %s", async (_label, values) => {
    const labels = values.map((_, index) => `category number ${index} with a long name`);
    expect(pngSize(await renderChartPng({ values, labels, title: "x".repeat(200) }))).toEqual({
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
    });
  });

  it.each([
    ["no values", { values: [] }],
    ["101 values", { values: Array.from({ length: 101 }, () => 1) }],
    ["NaN", { values: [1, Number.NaN] }],
    ["Infinity", { values: [Number.POSITIVE_INFINITY] }],
    ["a value beyond 1e15", { values: [1e16] }],
    ["a label over 100 characters", { values: [1], labels: ["x".repeat(101)] }],
    ["labels not matching values", { values: [1, 2], labels: ["a"] }],
    ["a title over 200 characters", { values: [1], title: "x".repeat(201) }],
  ])("rejects %s as bad_request", async (_label, input) => {
    const rejection = expect(renderChartPng(input)).rejects;
    await rejection.toBeInstanceOf(AppError);
    await rejection.toMatchObject({ code: "bad_request" });
  });
});
