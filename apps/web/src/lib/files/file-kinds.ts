import { INLINE_IMAGE_TYPES, isTextType } from "@copilot/protocol";
import { essenceOf } from "./format";

function isRasterImage(mimeType: string): boolean {
  return INLINE_IMAGE_TYPES.has(essenceOf(mimeType));
}

function isTextLike(mimeType: string): boolean {
  return isTextType(essenceOf(mimeType));
}

type PreviewKind = "image" | "text" | "none";

export function previewKind(mimeType: string): PreviewKind {
  if (isRasterImage(mimeType)) return "image";
  if (isTextLike(mimeType)) return "text";
  return "none";
}

/** The text preview reads at most this much (a Range request), so a huge log cannot stall the page. */
export const TEXT_PREVIEW_BYTES = 64 * 1024;
