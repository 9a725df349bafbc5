/** Pixel dimensions read from an image header, without decoding the image. */
export type ImageSize = { width: number; height: number };

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function startsWith(bytes: Uint8Array, prefix: ArrayLike<number>): boolean {
  if (bytes.length < prefix.length) return false;
  for (let index = 0; index < prefix.length; index++) if (bytes[index] !== prefix[index]) return false;
  return true;
}
const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));

/** Width and height from the IHDR chunk, which the PNG format requires to come first. */
export function pngSize(bytes: Uint8Array): ImageSize | null {
  if (bytes.length < 24 || !startsWith(bytes, PNG_SIGNATURE)) return null;
  if (!startsWith(bytes.subarray(12), ascii("IHDR"))) return null;
  return { width: view(bytes).getUint32(16), height: view(bytes).getUint32(20) };
}

function gifSize(bytes: Uint8Array): ImageSize | null {
  if (bytes.length < 10 || !(startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))))
    return null;
  return { width: view(bytes).getUint16(6, true), height: view(bytes).getUint16(8, true) };
}

/** Walks the JPEG segments up to the first start-of-frame marker, which carries the size. */
function jpegSize(bytes: Uint8Array): ImageSize | null {
  if (!startsWith(bytes, [0xff, 0xd8])) return null;
  const data = view(bytes);
  let offset = 2;
  while (offset + 9 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { width: data.getUint16(offset + 7), height: data.getUint16(offset + 5) };
    offset += 2 + data.getUint16(offset + 2);
  }
  return null;
}

/** The size of a PNG, GIF or JPEG; null for anything else or a header too short to tell. */
export function rasterSize(bytes: Uint8Array): ImageSize | null {
  return pngSize(bytes) ?? gifSize(bytes) ?? jpegSize(bytes);
}
