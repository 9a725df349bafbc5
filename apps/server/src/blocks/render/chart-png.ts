import { renderAsync } from "@resvg/resvg-js";
import { z } from "zod";
import { asBytes } from "./as-bytes";
import { bundledFontOptions } from "./bundled-font";
import { buildChartSvg } from "./chart-svg";
import { parseInput } from "./parse-input";

/** `chart_png` input (docs/api.md §7). Values are bounded so axis arithmetic never overflows. */
export const chartPngInputSchema = z
  .object({
    values: z.array(z.number().min(-1e15).max(1e15)).min(1).max(100),
    labels: z.array(z.string().max(100)).max(100).optional(),
    title: z.string().max(200).optional(),
  })
  .refine((input) => input.labels === undefined || input.labels.length === input.values.length, {
    message: "labels must have one entry per value",
    path: ["labels"],
  });
export type ChartPngInput = z.input<typeof chartPngInputSchema>;

/** A PNG bar chart; throws `bad_request` for invalid input. Runs off the event loop. */
export async function renderChartPng(input: ChartPngInput): Promise<Uint8Array> {
  const chart = parseInput(chartPngInputSchema, input, "chart input");
  const image = await renderAsync(buildChartSvg(chart), { font: bundledFontOptions, logLevel: "error" });
  return asBytes(image.asPng());
}
