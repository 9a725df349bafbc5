import { toApiError } from "../api/api-error";

export type TextPreview = {
  text: string;
  /** The file is longer than what was read. */
  truncated: boolean;
};

/**
 * Reads at most `limit` bytes of `response` (the server honours Range, but a proxy that drops it
 * must not make the page download a whole log), then decodes them as UTF-8 without failing on bad
 * bytes. A multi-byte character cut at the end is dropped rather than shown as "�".
 */
export async function readTextPreview(
  response: Response,
  limit: number,
  totalSize: number,
): Promise<TextPreview> {
  if (!response.ok) throw toApiError(await response.json().catch(() => null), response);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  while (reader && received < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = limit - received;
    chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
    received += Math.min(value.byteLength, room);
  }
  await reader?.cancel().catch(() => {});
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const truncated = totalSize > received;
  const text = new TextDecoder("utf-8").decode(bytes, { stream: truncated });
  return { text, truncated };
}

/** The Range header that asks for the first `limit` bytes. */
export const rangeOfFirst = (limit: number) => `bytes=0-${limit - 1}`;
