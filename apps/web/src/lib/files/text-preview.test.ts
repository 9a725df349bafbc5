import { describe, expect, it } from "vitest";
import { ApiError } from "../api/api-error";
import { rangeOfFirst, readTextPreview } from "./text-preview";

function streamOf(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

const encode = (text: string) => new TextEncoder().encode(text);

describe("readTextPreview", () => {
  it("returns a whole small file as text, never interpreted", async () => {
    const html = "<script>alert(1)</script>";
    const preview = await readTextPreview(new Response(html, { status: 200 }), 1024, html.length);
    expect(preview).toEqual({ text: html, truncated: false });
  });

  it("stops at the limit even when the server ignored Range", async () => {
    const body = streamOf(encode("a".repeat(6)), encode("b".repeat(6)));
    const preview = await readTextPreview(new Response(body, { status: 200 }), 8, 12);
    expect(preview).toEqual({ text: "aaaaaabb", truncated: true });
  });

  it("drops a multi-byte character cut at the end instead of showing a replacement mark", async () => {
    const bytes = encode("héllo"); // é is two bytes
    const cut = bytes.subarray(0, 2); // "h" + first byte of é
    const preview = await readTextPreview(new Response(cut, { status: 206 }), 2, bytes.length);
    expect(preview).toEqual({ text: "h", truncated: true });
  });

  it("turns an error answer into an ApiError", async () => {
    const response = new Response(JSON.stringify({ error: { code: "not_found", message: "gone" } }), {
      status: 404,
    });
    await expect(readTextPreview(response, 10, 10)).rejects.toBeInstanceOf(ApiError);
  });

  it("asks for exactly the first bytes", () => {
    expect(rangeOfFirst(64 * 1024)).toBe("bytes=0-65535");
  });
});
