import { AppError } from "../errors";

/** `data:<type>;base64,<data>`: the only data URI form blocks take (no percent-encoded text). */
const DATA_URI = /^data:([\w.+-]+\/[\w.+-]+)(?:;[\w-]+=[\w.-]+)*;base64,([A-Za-z0-9+/\s]*={0,2})$/;

export function isDataUri(value: string): boolean {
  return value.startsWith("data:");
}

/** The bytes of a base64 data URI, refusing (before decoding) more than `maxBytes`. */
export function decodeDataUri(value: string, maxBytes: number): { declaredType: string; bytes: Buffer } {
  const match = DATA_URI.exec(value);
  if (!match?.[1] || match[2] === undefined) {
    throw new AppError("bad_request", "expected a data URI of the form data:<type>;base64,<data>");
  }
  const data = match[2].replace(/\s+/g, "");
  if (Math.floor((data.length * 3) / 4) > maxBytes + 2) {
    throw new AppError("file_too_large", `the data URI holds more than ${maxBytes} bytes`, {
      max_bytes: maxBytes,
    });
  }
  return { declaredType: match[1].toLowerCase(), bytes: Buffer.from(data, "base64") };
}

export function encodeDataUri(mimeType: string, bytes: Uint8Array): string {
  return `data:${mimeType};base64,${Buffer.from(bytes).toString("base64")}`;
}
