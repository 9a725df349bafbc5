import { essenceOf } from "./format";

/** The image route serves only these (API.md §7: decided by content on the server; else 415). */
const RASTER_IMAGE_TYPES: ReadonlySet<string> = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
]);

// Text the server stores under a non-`text/` type. SVG is text here on purpose: it is previewed as
// its source, never rendered, because an SVG can carry script.
const TEXTUAL_TYPES: ReadonlySet<string> = new Set([
  "application/json",
  "application/x-ndjson",
  "application/yaml",
  "application/toml",
  "application/xml",
  "image/svg+xml",
]);

export function isRasterImage(mimeType: string): boolean {
  return RASTER_IMAGE_TYPES.has(essenceOf(mimeType));
}

export function isTextLike(mimeType: string): boolean {
  const essence = essenceOf(mimeType);
  return essence.startsWith("text/") || TEXTUAL_TYPES.has(essence);
}

export type PreviewKind = "image" | "text" | "none";

export function previewKind(mimeType: string): PreviewKind {
  if (isRasterImage(mimeType)) return "image";
  if (isTextLike(mimeType)) return "text";
  return "none";
}

/** The text preview reads at most this much (a Range request), so a huge log cannot stall the page. */
export const TEXT_PREVIEW_BYTES = 64 * 1024;
