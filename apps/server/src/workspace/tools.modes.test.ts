import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Step, scriptedModel, textStep, toolCallStep } from "../testing/scripted-model";
import { openSse } from "../testing/sse-client";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";
import { bodyOf } from "../testing/workspace-fixtures";

const available = await modeAvailable();

type ToolPart = { type: string; state: string; input: unknown; output: Record<string, unknown> };

/** The model's script is swapped per test; the app (and its database) is shared by the file. */
let script: Step[] = [];
let stepIndex = 0;
const model = scriptedModel([
  (options) => {
    const step = script[Math.min(stepIndex, script.length - 1)] ?? [];
    stepIndex += 1;
    return typeof step === "function" ? step(options) : step;
  },
]);
function setScript(...steps: Step[]) {
  script = steps;
  stepIndex = 0;
}

/** One tool call per model step, then a closing text: the turn runner executes each tool for real. */
function callTools(...calls: Array<[name: string, input: unknown]>): Step[] {
  return [
    ...calls.map(([name, input], i) => toolCallStep(`call-${i}`, name, input)),
    textStep("done", "Done."),
  ];
}

describe.skipIf(!available)("workspace tools through the turn runner", () => {
  let t: TestApp;
  let base: string;
  let user: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ model, env: { WORKSPACE_MAX_FILE_BYTES: "1000000" } });
    base = await t.listen();
    user = await t.signup();
    other = await t.signup();
  });
  afterAll(() => t?.close());
  afterEach(() => setScript());

  async function runTurn(who: TestUser, ...steps: Step[]) {
    setScript(...steps);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/chat/sessions",
      headers: who.headers,
      payload: {},
    });
    const sessionId = created.json().id as string;
    const sse = await openSse(`${base}/api/chat/sessions/${sessionId}/stream`, {
      method: "POST",
      headers: { ...who.headers, "content-type": "application/json" },
      body: JSON.stringify({ message: "use the tools" }),
    });
    await sse.ended;
    const session = (
      await t.app.inject({ method: "GET", url: `/api/chat/sessions/${sessionId}`, headers: who.headers })
    ).json();
    const answer = session.messages.at(-1);
    const tools: ToolPart[] = answer.parts.filter((part: { type: string }) => part.type.startsWith("tool-"));
    return { sessionId, answer, tools, status: answer.metadata.status as string };
  }

  it("writes, reads, lists and deletes a file by the path the Files page shows", async () => {
    const { sessionId, tools, status } = await runTurn(
      user,
      toolCallStep("c0", "write_workspace_file", { path: "notes/todo.md", content: "- buy milk\n" }),
      toolCallStep("c1", "read_workspace_file", { path: "notes/todo.md" }),
      toolCallStep("c2", "list_workspace_files", {}),
      toolCallStep("c3", "write_workspace_file", {
        path: "notes/todo.md",
        content: "- oat milk\n",
        overwrite: true,
      }),
      // Deletes by the reference the first write returned, as a model would cite it.
      (options) => {
        const reference = /workspace:\/\/[0-9a-f-]{36}#text\/markdown/.exec(
          JSON.stringify(options.prompt),
        )?.[0];
        return toolCallStep("c4", "delete_workspace_file", { file_id: reference });
      },
      textStep("done", "Done."),
    );
    expect(status).toBe("completed");
    const [write, read, list, overwrite, remove] = tools;
    const path = "/notes/todo.md";
    expect(write!.output).toMatchObject({
      created: true,
      file: { path, name: "todo.md", mime_type: "text/markdown", size_bytes: 11, version: 1 },
    });
    const id = (write!.output.file as { id: string }).id;
    expect(read!.output).toMatchObject({ content: "- buy milk\n", offset: 0, length: 11, truncated: false });
    expect(list!.output).toMatchObject({
      prefix: "/",
      chat_folder: `/chats/use-the-tools-${sessionId.slice(0, 8)}/`,
      truncated: false,
    });
    expect((list!.output.files as Array<{ id: string }>).map((file) => file.id)).toEqual([id]);
    expect(overwrite!.output).toMatchObject({ created: false, file: { id, version: 2 } });
    expect(remove!.output).toMatchObject({ deleted: { id, path } });
    expect((await t.deps.files.list({ userId: user.id }, { limit: 10, prefix: path })).items).toEqual([]);
  });

  it("sees the files the user uploaded on the Files page: listed by default, read by their relative path", async () => {
    const reader = await t.signup();
    await t.deps.files.upload(
      { userId: reader.id },
      { path: "/report.txt", body: bodyOf("quarterly numbers") },
    );
    await t.deps.files.upload({ userId: reader.id }, { path: "/docs/plan.md", body: bodyOf("# plan") });
    const { sessionId, tools, status } = await runTurn(
      reader,
      ...callTools(
        ["run_block", { block: "qr_code", input: { text: "hello" } }],
        ["list_workspace_files", {}],
        ["read_workspace_file", { path: "report.txt" }],
        ["read_workspace_file", { path: "docs/plan.md" }],
        ["list_workspace_files", { scope: "session" }],
        ["list_workspace_files", { path_prefix: "docs" }],
      ),
    );
    expect(status).toBe("completed");
    const folder = `/chats/use-the-tools-${sessionId.slice(0, 8)}/`;
    const paths = (index: number) =>
      (tools[index]!.output.files as Array<{ path: string }>).map((file) => file.path);
    // The chat's own file first, then the rest of the workspace, newest first.
    expect(paths(1)).toHaveLength(3);
    expect(paths(1)[0]).toMatch(new RegExp(`^${folder}qr-`));
    expect(paths(1).slice(1)).toEqual(["/docs/plan.md", "/report.txt"]);
    expect(tools[1]!.output).toMatchObject({ prefix: "/", chat_folder: folder, truncated: false });
    expect(tools[2]!.output).toMatchObject({ content: "quarterly numbers", file: { path: "/report.txt" } });
    expect(tools[3]!.output).toMatchObject({ content: "# plan" });
    expect(paths(4)).toEqual([paths(1)[0]]);
    expect(tools[4]!.output).toMatchObject({ prefix: folder });
    expect(paths(5)).toEqual(["/docs/plan.md"]);
  });

  it("keeps a chat's folder where it was made when the chat is renamed", async () => {
    const { sessionId, tools } = await runTurn(
      user,
      ...callTools(["run_block", { block: "qr_code", input: { text: "first" } }]),
    );
    const folder = `/chats/use-the-tools-${sessionId.slice(0, 8)}/`;
    expect(
      (tools[0]!.output as { output: { file: { path: string } } }).output.file.path.startsWith(folder),
    ).toBe(true);
    const renamed = await t.app.inject({
      method: "PATCH",
      url: `/api/chat/sessions/${sessionId}`,
      headers: user.headers,
      payload: { title: "Something else" },
    });
    expect(renamed.statusCode).toBe(200);
    const listed = await t.app.inject({
      method: "GET",
      url: `/api/workspace/files?session_id=${sessionId}`,
      headers: user.headers,
    });
    expect(listed.json().items.map((file: { path: string }) => file.path.startsWith(folder))).toEqual([true]);
    expect(await t.deps.files.chatFolder({ userId: user.id, sessionId })).toBe(folder);
  });

  it("answers not_found for another user's file by id, reference or absolute path", async () => {
    const { file } = await t.deps.files.upload(
      { userId: other.id },
      { path: "/private/secret.txt", body: bodyOf("s3cret") },
    );
    const { tools, status, answer } = await runTurn(
      user,
      ...callTools(
        ["read_workspace_file", { file_id: file.id }],
        ["read_workspace_file", { file_id: file.reference }],
        ["read_workspace_file", { path: "/private/secret.txt" }],
        ["delete_workspace_file", { file_id: file.id }],
        ["list_workspace_files", { scope: "all" }],
      ),
    );
    expect(status).toBe("completed");
    for (const part of tools.slice(0, 4)) {
      expect(part.output).toMatchObject({ error: { code: "not_found" } });
    }
    const listed = tools[4]!.output.files as Array<{ id: string; path: string }>;
    expect(listed.filter((entry) => entry.id === file.id || entry.path.startsWith("/private/"))).toEqual([]);
    expect(JSON.stringify(answer)).not.toContain("s3cret");
    expect((await t.deps.files.get({ userId: other.id }, { id: file.id })).version).toBe(1);
  });

  it("keeps every read bounded: a large text file gives a preview, ranges give at most 32 KiB", async () => {
    const line = "0123456789abcdefghijklmnopqrstuvwxyz ünïcödé\n";
    const big = line.repeat(Math.ceil(300_000 / line.length));
    await t.deps.files.upload({ userId: user.id }, { path: "/big/log.txt", body: bodyOf(big) });
    const { tools } = await runTurn(
      user,
      ...callTools(
        ["read_workspace_file", { path: "/big/log.txt" }],
        ["read_workspace_file", { path: "/big/log.txt", offset: 100_001, length: 1_000_000 }],
        ["read_workspace_file", { path: "/big/log.txt", offset: 10, length: 5_000 }],
      ),
    );
    const [whole, page, small] = tools;
    expect(whole!.output).toMatchObject({ truncated: true, length: 0 });
    expect(whole!.output.content).toBeUndefined();
    expect(String(whole!.output.preview).length).toBeLessThanOrEqual(1024);
    expect(JSON.stringify(whole!.output).length).toBeLessThan(3_000);

    const content = String(page!.output.content);
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(32 * 1024);
    expect(content).not.toContain("\ufffd"); // the page was cut on character boundaries
    const offset = page!.output.offset as number;
    expect(
      Buffer.from(big)
        .subarray(offset, offset + Buffer.byteLength(content))
        .toString(),
    ).toBe(content);
    expect(page!.output).toMatchObject({ truncated: true, next_offset: offset + Buffer.byteLength(content) });
    expect(Buffer.byteLength(String(small!.output.content))).toBeLessThanOrEqual(5_000);
  });

  it("refuses writes over the limit, with both content kinds, or with bad base64, as tool errors", async () => {
    const { tools, status } = await runTurn(
      user,
      ...callTools(
        ["write_workspace_file", { path: "huge.txt", content: "x".repeat(1_000_001) }],
        ["write_workspace_file", { path: "both.txt", content: "a", content_base64: "YQ==" }],
        ["write_workspace_file", { path: "bad.bin", content_base64: "not base64!" }],
        ["write_workspace_file", { path: "../escape.txt", content: "x" }],
        ["write_workspace_file", { path: "ok.bin", content_base64: "iVBORw0KGgo=" }],
      ),
    );
    expect(status).toBe("completed");
    expect(tools.map((part) => (part.output.error as { code?: string } | undefined)?.code)).toEqual([
      "file_too_large",
      "bad_request",
      "bad_request",
      "invalid_path",
      undefined,
    ]);
    expect(tools[4]!.output).toMatchObject({ created: true, file: { size_bytes: 8 } });
  });

  it("runs chart_png via run_block: a PNG in the chat's folder, the message holds its reference and no data URI", async () => {
    const { sessionId, tools, answer } = await runTurn(
      user,
      ...callTools(["run_block", { block: "chart_png", input: { values: [3, 1, 4], title: "Demo" } }]),
    );
    const output = tools[0]!.output as {
      block: string;
      output: { image: string; file: { id: string; path: string } };
    };
    expect(output.block).toBe("chart_png");
    expect(output.output.image).toMatch(/^workspace:\/\/[0-9a-f-]{36}#image\/png$/);
    expect(output.output.file.path).toMatch(
      new RegExp(`^/chats/use-the-tools-${sessionId.slice(0, 8)}/chart-[\\d-]+-[0-9a-f]{6}\\.png$`),
    );
    const saved = JSON.stringify(answer);
    expect(saved).toMatch(/workspace:\/\/[0-9a-f-]{36}#image\/png/);
    expect(saved).not.toContain("data:");
    const image = await t.app.inject({
      method: "GET",
      url: `/api/workspace/files/${output.output.file.id}/image`,
      headers: user.headers,
    });
    expect(image.statusCode).toBe(200);
    expect(image.headers["content-type"]).toBe("image/png");
  });

  it("reports block errors as tool results: unknown block, bad input, unconfigured image API", async () => {
    const { tools, status } = await runTurn(
      user,
      ...callTools(
        ["run_block", { block: "teleport", input: {} }],
        ["run_block", { block: "chart_png", input: { values: [] } }],
        ["run_block", { block: "ai_image_generator", input: { prompt: "a cat" } }],
      ),
    );
    expect(status).toBe("completed");
    expect(tools.map((part) => (part.output.error as { code: string }).code)).toEqual([
      "bad_request",
      "bad_request",
      "dependency_unavailable",
    ]);
    expect((tools[0]!.output.error as { message: string }).message).toContain("chart_png");
  });
});
