import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOfflineModel } from "../../chat/offline-model";
import { scriptedModel } from "../../testing/scripted-model";
import { createTestApp, modeAvailable, type TestApp } from "../../testing/test-app";
import { bodyOf, codeOf, readAll } from "../../testing/workspace-fixtures";
import type { BlockContext } from "../block";
import { encodeDataUri } from "../data-uri";
import { createBlockRegistry } from "../registry";
import { renderQrPng } from "../render/qr-code";
import { agentBlocks } from "./catalog";

const available = await modeAvailable();

describe.skipIf(!available)("file and model blocks", () => {
  let t: TestApp;
  const registry = createBlockRegistry(agentBlocks(null));
  beforeAll(async () => {
    t = await createTestApp({ env: { WORKSPACE_QUOTA_BYTES: "32768" } });
  });
  afterAll(() => t?.close());

  async function contextFor(overrides: Partial<BlockContext> = {}): Promise<BlockContext> {
    const user = await t.signup();
    return {
      userId: user.id,
      sessionId: null,
      runId: randomUUID(),
      nodeId: "node-1",
      signal: new AbortController().signal,
      files: t.deps.files,
      mediaFolder: null,
      model: t.deps.model,
      ...overrides,
    };
  }

  it("write_file saves text (relative to the root outside a chat) and read_file reads it back", async () => {
    const context = await contextFor();
    const written = (await registry.run(
      "write_file",
      { path: "notes/a.txt", content: "hello ☃" },
      context,
    )) as {
      file: { path: string; version: number };
      reference: string;
      created: boolean;
    };
    expect(written).toMatchObject({ file: { path: "/notes/a.txt", version: 1 }, created: true });
    // Overwrite is the default, so an agent run twice replaces its file (keeping its id).
    const again = (await registry.run(
      "write_file",
      { path: "/notes/a.txt", content: "bye" },
      context,
    )) as typeof written;
    expect(again).toMatchObject({ file: { version: 2 }, created: false, reference: written.reference });
    expect(
      await codeOf(
        registry.run("write_file", { path: "notes/a.txt", content: "x", overwrite: false }, context),
      ),
    ).toBe("file_exists");
    expect(await registry.run("read_file", { path: "/notes/a.txt" }, context)).toMatchObject({
      text: "bye",
      truncated: false,
    });
    expect(await registry.run("read_file", { path: written.reference }, context)).toMatchObject({
      text: "bye",
    });
  });

  it("inside a chat, relative paths start from the workspace root like everywhere else", async () => {
    const sessionId = randomUUID();
    const context = await contextFor({ sessionId });
    const written = (await registry.run("write_file", { path: "x.txt", content: "in chat" }, context)) as {
      file: { path: string };
    };
    expect(written.file.path).toBe("/x.txt");
  });

  it("write_file copies media from a workspace reference or a data URI, with the type from the bytes", async () => {
    const context = await contextFor();
    const png = await renderQrPng("copy me");
    const { file } = await t.deps.files.upload(
      { userId: context.userId },
      { path: "/src.png", body: bodyOf(png) },
    );
    const copied = (await registry.run(
      "write_file",
      { path: "copy.png", media: file.reference },
      context,
    )) as {
      file: { id: string; mime_type: string };
    };
    expect(copied.file).toMatchObject({ mime_type: "image/png" });
    expect(copied.file.id).not.toBe(file.id);
    const located = await t.deps.files.locate({ userId: context.userId }, { id: copied.file.id });
    expect((await readAll(await located.read())).equals(Buffer.from(png))).toBe(true);
    const fromUri = (await registry.run(
      "write_file",
      { path: "uri.png", media: encodeDataUri("text/html", png) },
      context,
    )) as {
      file: { mime_type: string };
    };
    expect(fromUri.file.mime_type).toBe("image/png");
    expect(await codeOf(registry.run("write_file", { path: "y.txt" }, context))).toBe("bad_request");
    expect(
      await codeOf(
        registry.run("write_file", { path: "y.txt", content: "a", media: file.reference }, context),
      ),
    ).toBe("bad_request");
  });

  it("file blocks keep the workspace's rules: someone else's file, bad paths, quota", async () => {
    const owner = await contextFor();
    const { file } = await t.deps.files.upload(
      { userId: owner.userId },
      { path: "/secret.txt", body: bodyOf("secret") },
    );
    const stranger = await contextFor();
    expect(await codeOf(registry.run("read_file", { path: file.reference }, stranger))).toBe("not_found");
    expect(await codeOf(registry.run("write_file", { path: "c.txt", media: file.reference }, stranger))).toBe(
      "not_found",
    );
    expect(await codeOf(registry.run("write_file", { path: "../up.txt", content: "x" }, owner))).toBe(
      "invalid_path",
    );
    expect(
      await codeOf(registry.run("write_file", { path: "big.txt", content: "x".repeat(40_000) }, owner)),
    ).toBe("quota_exceeded");
    const png = await t.deps.files.upload(
      { userId: owner.userId },
      { path: "/p.png", body: bodyOf(await renderQrPng("p")) },
    );
    expect(await codeOf(registry.run("read_file", { path: png.file.path }, owner))).toBe("bad_request");
  });

  it("model_call asks the model in the context: scripted, and the offline model's echo", async () => {
    const model = scriptedModel([]);
    model.doGenerate = async () => ({
      content: [{ type: "text", text: "a scripted answer" }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 1, text: 1, reasoning: 0 },
      },
      warnings: [],
    });
    const scripted = await contextFor({ model });
    expect(await registry.run("model_call", { prompt: "hi" }, scripted)).toEqual({
      text: "a scripted answer",
    });
    const offline = await contextFor({ model: createOfflineModel({ delayMs: 0 }) });
    expect(await registry.run("model_call", { prompt: "/echo exactly this" }, offline)).toEqual({
      text: "exactly this",
    });
  });
});
