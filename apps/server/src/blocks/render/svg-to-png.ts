import { Resvg, type ResvgRenderOptions, renderAsync } from "@resvg/resvg-js";
import { z } from "zod";
import { AppError } from "../../errors";
import { asBytes } from "./as-bytes";
import { bundledFontOptions } from "./bundled-font";
import { findForbiddenContent } from "./svg-guard";

export const SVG_MAX_BYTES = 1024 * 1024;
export const PNG_MAX_SIDE = 2048;

/** `svg_to_png` input (docs/api.md §7); the byte cap is checked on UTF-8 size in `renderSvgToPng`. */
export const svgToPngInputSchema = z.object({ svg: z.string().min(1).max(SVG_MAX_BYTES) });

// Untrusted input: only the bundled font, and resvg's warnings kept out of the server log.
const baseOptions: ResvgRenderOptions = { font: bundledFontOptions, logLevel: "off" };

/** Scales the longer side down to `PNG_MAX_SIDE`, so the pixmap (and memory) stays bounded. */
function fitTo(width: number, height: number): ResvgRenderOptions["fitTo"] {
  if (Math.max(width, height) <= PNG_MAX_SIDE) return { mode: "original" };
  return width >= height ? { mode: "width", value: PNG_MAX_SIDE } : { mode: "height", value: PNG_MAX_SIDE };
}

const invalid = (message: string, cause?: unknown) => new AppError("bad_request", message, {}, { cause });

/**
 * Renders untrusted SVG to PNG without touching the network or the filesystem. Throws
 * `bad_request` for oversized, unparsable or resource-loading input.
 */
export async function renderSvgToPng(svg: string): Promise<Uint8Array> {
  if (Buffer.byteLength(svg) > SVG_MAX_BYTES) throw invalid(`SVG is larger than ${SVG_MAX_BYTES} bytes`);
  const forbidden = findForbiddenContent(svg);
  if (forbidden) throw invalid(`SVG refused: ${forbidden}`);

  // Parsing once up front gives the size, which the options for the real render depend on.
  let size: { width: number; height: number };
  try {
    const probe = new Resvg(svg, baseOptions);
    size = { width: probe.width, height: probe.height };
  } catch (error) {
    throw invalid(`not a valid SVG: ${error instanceof Error ? error.message : String(error)}`, error);
  }

  try {
    const image = await renderAsync(svg, { ...baseOptions, fitTo: fitTo(size.width, size.height) });
    return asBytes(image.asPng());
  } catch (error) {
    // e.g. a drawing so elongated that fitting it leaves a side of zero pixels.
    throw invalid(
      `SVG could not be rendered: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
}
