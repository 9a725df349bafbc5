import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { PNG_SIGNATURE, pngSize } from "./image-size";
import { renderQrPng } from "./qr-code";

describe("renderQrPng", () => {
  it("renders a square PNG with whole-pixel modules", async () => {
    const png = await renderQrPng("https://example.com/?a=1&b=<2>");
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const size = pngSize(png);
    expect(size?.width).toBe(size?.height);
    expect(size?.width).toBeGreaterThanOrEqual(200);
    expect(size?.width).toBeLessThanOrEqual(1024);
  });

  it("fits 2,000 ASCII characters", async () => {
    const size = pngSize(await renderQrPng("a".repeat(2_000)));
    expect(size?.width).toBeGreaterThanOrEqual(177);
  });

  it.each([
    ["empty text", ""],
    ["over 2,000 characters", "a".repeat(2_001)],
    ["too many bytes to fit any QR code", "😀".repeat(1_000)],
  ])("rejects %s as bad_request", async (_label, text) => {
    const rejection = expect(renderQrPng(text)).rejects;
    await rejection.toBeInstanceOf(AppError);
    await rejection.toMatchObject({ code: "bad_request" });
  });
});
