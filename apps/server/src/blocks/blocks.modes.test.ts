import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { createTestApp, modeAvailable, type TestApp } from "../testing/test-app";
import { bodyOf, codeOf, readAll } from "../testing/workspace-fixtures";
import type { BlockContext } from "./block";
import { encodeDataUri } from "./data-uri";
import { mediaBlocks } from "./media-blocks";
import { createBlockRegistry } from "./registry";
import { renderQrPng } from "./render/qr-code";
import { storeMediaFile } from "./store-media-file";

const available = await modeAvailable();

type Media = { image: string; mime_type: string; size_bytes: number; file?: { id: string; path: string } };

describe.skipIf(!available)("blocks and store_media_file", () => {
  let t: TestApp;
  let stub: Server;
  let stubUrl: string;
  let png: Uint8Array;
  const prompts: unknown[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    png = await renderQrPng("generated");
    // A stand-in for an OpenAI-compatible images API.
    stub = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk;
      });
      request.on("end", () => {
        prompts.push({ url: request.url, body: JSON.parse(body) });
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ data: [{ b64_json: Buffer.from(png).toString("base64") }] }));
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
    stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    stub?.closeAllConnections();
    await new Promise((resolve) => stub?.close(resolve));
    await t?.close();
  });

  const chatFolderOf = (sessionId: string) => `/chats/blocks-${sessionId.slice(0, 8)}/`;

  async function contextFor(sessionId: string | null): Promise<BlockContext> {
    const user = await t.signup();
    return {
      userId: user.id,
      sessionId,
      runId: randomUUID(),
      nodeId: "node-1",
      signal: new AbortController().signal,
      files: t.deps.files,
      mediaFolder: sessionId ? chatFolderOf(sessionId) : null,
      model: t.deps.model,
    };
  }

  it("saves block output in the chat's folder under fresh names, never overwriting earlier outputs", async () => {
    const sessionId = randomUUID();
    const context = await contextFor(sessionId);
    const registry = createBlockRegistry(mediaBlocks(null));
    const first = (await registry.run("qr_code", { text: "same" }, context)) as Media;
    const second = (await registry.run("qr_code", { text: "same" }, context)) as Media;
    for (const output of [first, second]) {
      expect(output.image).toMatch(/^workspace:\/\/[0-9a-f-]{36}#image\/png$/);
      expect(output.file?.path.startsWith(`${chatFolderOf(sessionId)}qr-`)).toBe(true);
    }
    expect(second.file?.id).not.toBe(first.file?.id);
    expect(second.file?.path).not.toBe(first.file?.path);
    const listed = await t.deps.files.list({ userId: context.userId, sessionId }, { limit: 10 });
    expect(listed.items.map((file) => file.version)).toEqual([1, 1]);
  });

  it("returns a data URI outside a chat and saves nothing", async () => {
    const context = await contextFor(null);
    const output = (await createBlockRegistry(mediaBlocks(null)).run(
      "svg_to_png",
      {
        svg: '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>',
      },
      context,
    )) as Media;
    expect(output.image).toMatch(/^data:image\/png;base64,/);
    expect(output.file).toBeUndefined();
    expect((await t.deps.files.usage(context.userId)).file_count).toBe(0);
  });

  it("generates an image through the configured images API and stores the reference", async () => {
    const context = await contextFor(randomUUID());
    const registry = createBlockRegistry(
      mediaBlocks({ baseUrl: stubUrl, apiKey: "sk-test", model: "img-1" }),
    );
    const output = (await registry.run(
      "ai_image_generator",
      { prompt: "a lighthouse", size: "256x256" },
      context,
    )) as Media;
    expect(prompts.at(-1)).toMatchObject({
      url: "/v1/images/generations",
      body: { prompt: "a lighthouse", size: "256x256", model: "img-1", response_format: "b64_json" },
    });
    expect(output).toMatchObject({ mime_type: "image/png", size_bytes: png.length });
    const located = await t.deps.files.locate({ userId: context.userId }, { id: output.image });
    expect((await readAll(await located.read())).equals(Buffer.from(png))).toBe(true);
  });

  it("says clearly when the images API is not configured", async () => {
    const context = await contextFor(randomUUID());
    const run = createBlockRegistry(mediaBlocks(null)).run("ai_image_generator", { prompt: "x" }, context);
    const error = await run.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("dependency_unavailable");
    expect((error as AppError).message).toContain("IMAGE_API_BASE_URL");
  });

  it("store_media_file: a data URI in a chat is saved with its type decided from the bytes", async () => {
    const context = await contextFor(randomUUID());
    // The URI claims text/html; the bytes are a PNG.
    const stored = await storeMediaFile(context, encodeDataUri("text/html", png), "upload");
    expect(stored.url).toMatch(/#image\/png$/);
    expect(stored.file?.name).toMatch(/^upload-.*\.png$/);
  });

  it("store_media_file: a workspace reference resolves only in the caller's workspace", async () => {
    const owner = await contextFor(randomUUID());
    const { file } = await t.deps.files.upload(
      { userId: owner.userId },
      { path: "/pics/qr.png", body: bodyOf(png) },
    );
    expect((await storeMediaFile(owner, file.reference)).url).toBe(file.reference);
    const outside = { ...owner, sessionId: null, mediaFolder: null };
    expect((await storeMediaFile(outside, file.reference)).url).toBe(encodeDataUri("image/png", png));
    const stranger = await contextFor(randomUUID());
    expect(await codeOf(storeMediaFile(stranger, file.reference))).toBe("not_found");
    expect(
      await codeOf(storeMediaFile({ ...stranger, sessionId: null, mediaFolder: null }, file.reference)),
    ).toBe("not_found");
    expect(await codeOf(storeMediaFile(owner, "https://example.com/x.png"))).toBe("bad_request");
    expect(await codeOf(storeMediaFile(owner, "data:image/png,rawtext"))).toBe("bad_request");
  });
});

describe.skipIf(!available)("the offline model with the real tools", () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { OFFLINE_MODEL_DELAY_MS: "0" } });
    base = await t.listen();
  });
  afterAll(() => t?.close());

  it("charts, saves, reads, lists and deletes; messages hold references, never data URIs", async () => {
    const { chunkTypes, openSse } = await import("../testing/sse-client");
    const user = await t.signup();
    const sessionId = (
      await t.app.inject({ method: "POST", url: "/api/chat/sessions", headers: user.headers, payload: {} })
    ).json().id as string;
    const say = async (message: string) => {
      const sse = await openSse(`${base}/api/chat/sessions/${sessionId}/stream`, {
        method: "POST",
        headers: { ...user.headers, "content-type": "application/json" },
        body: JSON.stringify({ message }),
      });
      await sse.ended;
      // A stream cut before its end would leave the answer half-written below: say so here.
      expect(sse.done, `no [DONE] after ${chunkTypes(sse.entries).slice(-5).join(", ")}`).toBe(true);
      const session = (
        await t.app.inject({ method: "GET", url: `/api/chat/sessions/${sessionId}`, headers: user.headers })
      ).json();
      return session.messages.at(-1) as {
        parts: Array<{ type: string; text?: string }>;
        metadata: { status: string };
      };
    };
    const textOf = (message: { parts: Array<{ type: string; text?: string }> }) =>
      message.parts.flatMap((part) => (part.type === "text" ? [part.text ?? ""] : [])).join("");

    const chart = await say("chart 3,1,4 titled Demo");
    expect(chart.metadata.status).toBe("completed");
    expect(JSON.stringify(chart)).toMatch(/workspace:\/\/[0-9a-f-]{36}#image\/png/);
    expect(JSON.stringify(chart)).not.toContain("data:");
    expect(textOf(chart)).toMatch(/!\[Demo\]\(workspace:\/\/[0-9a-f-]{36}#image\/png\)/);

    expect(textOf(await say('save "hello from offline" to notes.txt'))).toContain("notes.txt");
    expect(textOf(await say("read notes.txt"))).toContain("hello from offline");
    expect(textOf(await say("list my files"))).toMatch(/Found 2 files/);
    expect(textOf(await say("delete notes.txt"))).toContain("Deleted");
    expect((await t.deps.files.usage(user.id)).file_count).toBe(1);
  });
});
