import { createRequire } from "node:module";
import type { ResvgRenderOptions } from "@resvg/resvg-js";

/**
 * The one font every renderer uses. It ships as an npm package so rendering needs no system fonts,
 * looks the same on every machine and never reads font files an SVG might name.
 */
export const FONT_FAMILY = "DejaVu Sans";
const resolve = createRequire(import.meta.url).resolve;
/** Regular and bold: without the bold face, `font-weight="bold"` would quietly render regular. */
const FONT_FILES = [
  resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"),
  resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"),
];

/** Every generic family maps to the bundled font, so `font-family="serif"` still draws text. */
export const bundledFontOptions: NonNullable<ResvgRenderOptions["font"]> = {
  loadSystemFonts: false,
  fontFiles: FONT_FILES,
  defaultFontFamily: FONT_FAMILY,
  sansSerifFamily: FONT_FAMILY,
  serifFamily: FONT_FAMILY,
  monospaceFamily: FONT_FAMILY,
  cursiveFamily: FONT_FAMILY,
  fantasyFamily: FONT_FAMILY,
};
