import { create as createQrCode, type QRCodeErrorCorrectionLevel, toBuffer as qrCodeToPng } from "qrcode";
import { z } from "zod";
import { AppError } from "../../errors";
import { asBytes } from "./as-bytes";
import { parseInput } from "./parse-input";

/** `qr_code` input (docs/api.md §7). */
export const qrCodeInputSchema = z.object({ text: z.string().min(1).max(2_000) });

const QUIET_ZONE = 4; // modules of margin the QR specification asks for
const TARGET_PX = 640;

/**
 * Medium error correction while it fits comfortably, low for long texts: 2,000 characters can be
 * up to 8,000 UTF-8 bytes, beyond even the largest code at level M (2,331 bytes).
 */
const levelFor = (text: string): QRCodeErrorCorrectionLevel => (Buffer.byteLength(text) <= 1_000 ? "M" : "L");

/** A PNG QR code for `text`; throws `bad_request` when the text is empty, too long or does not fit. */
export async function renderQrPng(text: string): Promise<Uint8Array> {
  const input = parseInput(qrCodeInputSchema, { text }, "qr_code input");
  const errorCorrectionLevel = levelFor(input.text);
  let modules: number;
  try {
    modules = createQrCode(input.text, { errorCorrectionLevel }).modules.size;
  } catch (error) {
    throw new AppError("bad_request", "text is too long to fit in a QR code", {}, { cause: error });
  }
  // Whole pixels per module keep every module the same size, which scanners like.
  const scale = Math.min(16, Math.max(2, Math.floor(TARGET_PX / (modules + 2 * QUIET_ZONE))));
  return asBytes(
    await qrCodeToPng(input.text, { type: "png", errorCorrectionLevel, margin: QUIET_ZONE, scale }),
  );
}
