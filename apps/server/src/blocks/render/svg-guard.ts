import { rasterSize } from "./image-size";

const MAX_IMAGES = 64;
// Embedded rasters are decoded at full size whatever size they are drawn at: bound the memory.
const MAX_IMAGE_PIXELS = 4096 * 4096;
const MAX_TOTAL_PIXELS = 2 * MAX_IMAGE_PIXELS;

/** A start tag: its name, then attributes with quoted values (XML allows no other form). Sticky. */
const START_TAG = /<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*\/?>/y;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const DATA_URI = /^\s*data:image\/(?:png|jpeg|jpg|gif);base64,([A-Za-z0-9+/=\s]*)$/i;

/**
 * Why an untrusted SVG may not reach resvg, or null when it may.
 *
 * resvg-js 2.6 has no option to turn resource loading off: an `<image>` or `<feImage>` whose href
 * is a path (absolute, `file:` or relative to the working directory) is read from disk while the
 * SVG is parsed. So before parsing, every such element must carry only inline `data:` rasters.
 * The check works on the raw text, which is sound only because DTDs are refused first: without
 * entities, an element name or an attribute value cannot be spelled other than literally, and a
 * character reference inside an href simply fails the allow-list.
 */
export function findForbiddenContent(svg: string): string | null {
  // `<!--` comments and `<![CDATA[` sections are harmless; `<!DOCTYPE`/`<!ENTITY` could smuggle markup.
  if (/<!(?!--|\[CDATA\[)/.test(svg)) return "DOCTYPE and entity declarations are not allowed";

  let totalPixels = 0;
  let count = 0;
  for (const match of svg.matchAll(/<(?:[\w.-]+:)?(?:image|feImage)\b/gi)) {
    if (++count > MAX_IMAGES) return `at most ${MAX_IMAGES} embedded images are allowed`;
    START_TAG.lastIndex = match.index;
    const tag = START_TAG.exec(svg);
    if (!tag) return "an image element could not be read";
    for (const [, name = "", double, single] of tag[0].matchAll(ATTRIBUTE)) {
      if (!/^(?:[\w.-]+:)?href$/i.test(name)) continue;
      const pixels = inlineRasterPixels(double ?? single ?? "");
      if (pixels === null) return "images must be inline PNG, JPEG or GIF data: URIs (no files or URLs)";
      totalPixels += pixels;
      if (pixels > MAX_IMAGE_PIXELS || totalPixels > MAX_TOTAL_PIXELS) return "embedded images are too large";
    }
  }
  return null;
}

/** Pixel count of an inline PNG/JPEG/GIF data URI, or null when the href is anything else. */
function inlineRasterPixels(href: string): number | null {
  const data = DATA_URI.exec(href)?.[1];
  if (data === undefined) return null;
  const size = rasterSize(Buffer.from(data, "base64"));
  return size ? size.width * size.height : null;
}
