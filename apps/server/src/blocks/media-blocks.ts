import { toolFileSchema } from "@copilot/protocol";
import { z } from "zod";
import type { Config } from "../config";
import { AppError } from "../errors";
import { type Block, defineBlock } from "./block";
import { aiImageInputSchema, generateImage } from "./render/ai-image";
import { chartPngInputSchema, renderChartPng } from "./render/chart-png";
import { qrCodeInputSchema, renderQrPng } from "./render/qr-code";
import { renderSvgToPng, svgToPngInputSchema } from "./render/svg-to-png";
import { storeMediaBytes } from "./store-media-file";

/**
 * The media blocks of docs/api.md §7. Each renders bytes and hands them to `store_media_file`, so in a
 * chat `image` is a `workspace://` reference (and `file` names the saved file).
 */
const mediaOutputSchema = z.object({
  image: z.string(),
  mime_type: z.string(),
  size_bytes: z.number().int().nonnegative(),
  file: toolFileSchema.optional(),
});

const asImage = (stored: Awaited<ReturnType<typeof storeMediaBytes>>) => ({
  image: stored.url,
  mime_type: stored.mime_type,
  size_bytes: stored.size_bytes,
  file: stored.file,
});

export function mediaBlocks(imageApi: Config["imageApi"]): Block[] {
  return [
    defineBlock({
      name: "chart_png",
      description:
        "A PNG bar chart of `values` (optional `labels`, one per value, and `title`). Works offline.",
      input: chartPngInputSchema,
      output: mediaOutputSchema,
      run: async (input, context) =>
        asImage(await storeMediaBytes(context, await renderChartPng(input), "chart")),
    }),
    defineBlock({
      name: "qr_code",
      description: "A PNG QR code encoding `text`. Works offline.",
      input: qrCodeInputSchema,
      output: mediaOutputSchema,
      run: async (input, context) =>
        asImage(await storeMediaBytes(context, await renderQrPng(input.text), "qr")),
    }),
    defineBlock({
      name: "svg_to_png",
      description: "Renders an SVG document (`svg`) to PNG; external resources are refused. Works offline.",
      input: svgToPngInputSchema,
      output: mediaOutputSchema,
      run: async (input, context) =>
        asImage(await storeMediaBytes(context, await renderSvgToPng(input.svg), "drawing")),
    }),
    defineBlock({
      name: "ai_image_generator",
      description:
        "Generates an image from `prompt` (optional `size` like 1024x1024) with the configured images API.",
      input: aiImageInputSchema,
      output: mediaOutputSchema,
      run: async (input, context) => {
        if (!imageApi) {
          throw new AppError(
            "dependency_unavailable",
            "image generation is not configured: set IMAGE_API_BASE_URL (and IMAGE_API_KEY) or OPENAI_API_KEY",
            { dependency: "image_api" },
          );
        }
        const image = await generateImage(imageApi, input, context.signal);
        return asImage(await storeMediaBytes(context, image.bytes, "image"));
      },
    }),
  ];
}
