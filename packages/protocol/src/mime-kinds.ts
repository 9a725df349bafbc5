/**
 * The two families of stored types both ends act on (docs/api.md §7). The server stores the essence of
 * a type (no parameters, lower case), decided from the bytes.
 */

/** Served inline by the image route (else 415) and shown as pictures: raster images only. */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
]);

// Text stored under a non-`text/` type. SVG counts as text on purpose: it is read and previewed as
// its source, never rendered, because an SVG can carry script.
const TEXTUAL_TYPES: ReadonlySet<string> = new Set([
  "application/json",
  "application/x-ndjson",
  "application/yaml",
  "application/toml",
  "application/xml",
  "image/svg+xml",
]);

/** Text: read inline by the tools, served as `text/plain`, previewed as source. Takes an essence. */
export function isTextType(essence: string): boolean {
  return essence.startsWith("text/") || TEXTUAL_TYPES.has(essence);
}
