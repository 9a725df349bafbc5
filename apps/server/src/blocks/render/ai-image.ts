import { fileTypeFromBuffer } from "file-type";
import { z } from "zod";
import { AppError } from "../../errors";
import { asBytes } from "./as-bytes";
import { readBounded } from "./read-bounded";

/** An OpenAI-compatible images API (IMAGE_API_BASE_URL, IMAGE_API_KEY, IMAGE_MODEL). */
export type ImageApiConfig = {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Cap on the response body; base64 makes a 4 MB image about 5.5 MB. Default 32 MiB. */
  maxResponseBytes?: number;
};

/** `ai_image_generator` input (docs/api.md §7). */
export const aiImageInputSchema = z.object({
  prompt: z.string().trim().min(1).max(4_000),
  size: z
    .string()
    .regex(/^\d{2,4}x\d{2,4}$/, "size must look like 1024x1024")
    .optional(),
});
export type AiImageInput = z.infer<typeof aiImageInputSchema>;
export type GeneratedImage = { bytes: Uint8Array; mimeType: string };

const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** What the workspace serves inline; decided from the bytes, never from the server's word. */
const RASTER_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

const responseSchema = z.object({
  data: z.array(z.object({ b64_json: z.string().regex(/^[A-Za-z0-9+/=\s]+$/, "not base64") })).min(1),
});
const upstreamErrorSchema = z.object({ error: z.object({ message: z.string() }) });

const unavailable = (message: string, cause?: unknown, status?: number) =>
  new AppError("dependency_unavailable", message, status === undefined ? {} : { upstream_status: status }, {
    cause,
  });

/** The upstream's own error message when it sent one, shortened for logs and users. */
function upstreamMessage(body: string): string {
  let message = body;
  try {
    const parsed = upstreamErrorSchema.safeParse(JSON.parse(body));
    if (parsed.success) message = parsed.data.error.message;
  } catch {
    // not JSON: the raw text is the best we have
  }
  return message.replace(/\s+/g, " ").trim().slice(0, 300);
}

async function post(
  url: string,
  config: ImageApiConfig,
  body: unknown,
  signal: AbortSignal,
): Promise<Response> {
  try {
    return await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body: JSON.stringify(body),
      // A redirect could carry the API key somewhere else; an images API has no reason to send one.
      redirect: "error",
      signal,
    });
  } catch (error) {
    throw failure(error, signal, "image API unreachable");
  }
}

/** A timeout is the upstream's fault; any other abort is the caller cancelling, so it propagates as is. */
function failure(error: unknown, signal: AbortSignal, what: string): unknown {
  if (!signal.aborted)
    return unavailable(`${what}: ${error instanceof Error ? error.message : String(error)}`, error);
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === "TimeoutError")
    return unavailable("image API timed out", reason);
  return reason;
}

/**
 * Generates one image through `{baseUrl}/images/generations`. Throws `dependency_unavailable` when
 * the API fails, answers malformed JSON, sends too much or sends bytes that are not a raster image;
 * rethrows the abort reason when `signal` is aborted by the caller.
 */
export async function generateImage(
  config: ImageApiConfig,
  input: AiImageInput,
  signal: AbortSignal,
): Promise<GeneratedImage> {
  const url = `${config.baseUrl.replace(/\/+$/, "")}/images/generations`;
  const request = {
    model: config.model,
    prompt: input.prompt,
    size: input.size,
    n: 1,
    response_format: "b64_json",
  };
  const response = await post(url, config, request, signal);
  const limit = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  let text: string;
  try {
    text = response.ok
      ? await readBounded(response, limit)
      : await readBounded(response, 16 * 1024, { truncate: true });
  } catch (error) {
    if (error instanceof RangeError)
      throw unavailable(`image API response exceeds ${limit} bytes`, error, response.status);
    throw failure(error, signal, "image API response failed");
  }
  if (!response.ok) {
    throw unavailable(
      `image API returned HTTP ${response.status}: ${upstreamMessage(text)}`,
      undefined,
      response.status,
    );
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw unavailable("image API returned malformed JSON", error, response.status);
  }
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success)
    throw unavailable("image API response has no data[0].b64_json", parsed.error, response.status);

  const bytes = asBytes(Buffer.from(parsed.data.data[0]!.b64_json, "base64"));
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !RASTER_TYPES.has(type.mime)) {
    throw unavailable(
      "image API returned data that is not a PNG, JPEG, GIF or WebP image",
      undefined,
      response.status,
    );
  }
  return { bytes, mimeType: type.mime };
}
