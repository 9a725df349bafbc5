import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { generateImage, type ImageApiConfig } from "./ai-image";
import { renderQrPng } from "./qr-code";

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

/** A local stand-in for an OpenAI-compatible images API; each test sets its behaviour. */
let handler: Handler;
let server: Server;
let config: ImageApiConfig;
const requests: { url?: string; headers: IncomingMessage["headers"]; body: unknown }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ url: request.url, headers: request.headers, body: JSON.parse(body) });
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  config = { baseUrl: `http://127.0.0.1:${port}/v1/`, apiKey: "sk-test", model: "image-model" };
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
});

const json =
  (status: number, value: unknown) =>
  (_request: IncomingMessage, _body: string, response: ServerResponse) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(value));
  };
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const neverAborted = () => new AbortController().signal;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("generateImage", () => {
  it("posts an OpenAI-style request and returns the decoded image with its real MIME type", async () => {
    const png = await renderQrPng("hello");
    handler = json(200, { created: 1, data: [{ b64_json: b64(png) }] });
    const image = await generateImage(config, { prompt: "a cat", size: "512x512" }, neverAborted());

    expect(image.mimeType).toBe("image/png");
    expect(Buffer.from(image.bytes).equals(Buffer.from(png))).toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe("/v1/images/generations");
    expect(requests[0]?.headers.authorization).toBe("Bearer sk-test");
    expect(requests[0]?.body).toEqual({
      model: "image-model",
      prompt: "a cat",
      size: "512x512",
      n: 1,
      response_format: "b64_json",
    });
  });

  it("reports an HTTP error with the upstream status and message", async () => {
    handler = json(400, {
      error: { message: "prompt rejected by safety system", type: "invalid_request_error" },
    });
    const error = await rejection(generateImage(config, { prompt: "x" }, neverAborted()));
    expect(error.code).toBe("dependency_unavailable");
    expect(error.message).toBe("image API returned HTTP 400: prompt rejected by safety system");
    expect(error.details).toEqual({ upstream_status: 400 });
  });

  it("rejects malformed JSON", async () => {
    handler = (_request, _body, response) => response.end("{not json");
    const error = await rejection(generateImage(config, { prompt: "x" }, neverAborted()));
    expect(error.message).toMatch(/malformed JSON/);
  });

  it("rejects a response without data[0].b64_json", async () => {
    handler = json(200, { data: [{ url: "https://example.com/cat.png" }] });
    expect((await rejection(generateImage(config, { prompt: "x" }, neverAborted()))).message).toMatch(
      /b64_json/,
    );
  });

  it.each([
    ["text", Buffer.from("<html>definitely not an image</html>")],
    ["an SVG", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ["a PDF", Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n")],
  ])("rejects %s served as an image", async (_label, bytes) => {
    handler = json(200, { data: [{ b64_json: b64(bytes) }] });
    const error = await rejection(generateImage(config, { prompt: "x" }, neverAborted()));
    expect(error.message).toMatch(/not a PNG, JPEG, GIF or WebP/);
  });

  it("stops reading a response over the size limit", async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write(`{"data":[{"b64_json":"${"A".repeat(64 * 1024)}`);
      // Never ends on its own: the client must give up once the limit is crossed.
    };
    const error = await rejection(
      generateImage({ ...config, maxResponseBytes: 16 * 1024 }, { prompt: "x" }, neverAborted()),
    );
    expect(error.message).toMatch(/exceeds 16384 bytes/);
  });

  it("turns a timeout from the signal into dependency_unavailable", async () => {
    handler = () => {}; // never answers
    const error = await rejection(generateImage(config, { prompt: "x" }, AbortSignal.timeout(50)));
    expect(error.code).toBe("dependency_unavailable");
    expect(error.message).toBe("image API timed out");
  });

  it("rethrows the caller's own abort reason", async () => {
    handler = () => {};
    const controller = new AbortController();
    const pending = generateImage(config, { prompt: "x" }, controller.signal);
    const reason = new Error("turn cancelled");
    // Abort once the request has reached the server, so the abort hits an in-flight fetch.
    await expect.poll(() => requests.length).toBe(1);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("reports an unreachable server", async () => {
    const error = await rejection(
      generateImage({ ...config, baseUrl: "http://127.0.0.1:9" }, { prompt: "x" }, neverAborted()),
    );
    expect(error.message).toMatch(/image API unreachable/);
  });
});
