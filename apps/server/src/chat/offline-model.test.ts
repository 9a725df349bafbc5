import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { stepCountIs, streamText, type ToolSet, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createOfflineModel } from "./offline-model";

const FILE_ID = "0b6f1d2e-3c4a-4b5c-8d9e-0f1a2b3c4d5e";
const file = (path: string, mime = "text/plain") => ({
  id: FILE_ID,
  name: path.split("/").at(-1) ?? path,
  path,
  mime_type: mime,
  size_bytes: 42,
  version: 1,
  reference: `workspace://${FILE_ID}#${mime}`,
});

/** The real tools' names and input schemas, with canned outputs in the shapes of docs/api.md §7. */
function workspaceTools(outputs: Partial<Record<string, unknown>> = {}): ToolSet {
  const canned = (name: string, fallback: unknown) => async () => {
    const output = outputs[name] ?? fallback;
    if (output instanceof Error) throw output;
    return output;
  };
  return {
    list_workspace_files: tool({
      inputSchema: z.object({
        path_prefix: z.string().optional(),
        scope: z.enum(["session", "all"]).optional(),
      }),
      execute: canned("list_workspace_files", { files: [file("/notes.txt")], truncated: false }),
    }),
    read_workspace_file: tool({
      inputSchema: z.object({ path: z.string() }),
      execute: canned("read_workspace_file", {
        file: file("/notes.txt"),
        content: "hello",
        offset: 0,
        length: 5,
        truncated: false,
      }),
    }),
    write_workspace_file: tool({
      inputSchema: z.object({ path: z.string(), content: z.string() }),
      execute: canned("write_workspace_file", { file: file("/notes.txt") }),
    }),
    delete_workspace_file: tool({
      inputSchema: z.object({ path: z.string() }),
      execute: canned("delete_workspace_file", { deleted: { id: FILE_ID, path: "/notes.txt" } }),
    }),
    run_block: tool({
      inputSchema: z.object({ block: z.string(), input: z.record(z.string(), z.unknown()) }),
      execute: canned("run_block", {
        block: "chart_png",
        output: { image: `workspace://${FILE_ID}#image/png` },
      }),
    }),
    generate_agent: tool({
      inputSchema: z.object({ goal: z.string() }),
      execute: canned("generate_agent", { type: "operation_started" }),
    }),
    get_current_time: tool({
      inputSchema: z.object({}),
      execute: canned("get_current_time", {
        iso: "2030-01-02T03:04:05.000Z",
        timezone: "UTC",
        unix_ms: 1_893_553_445_000,
      }),
    }),
  };
}

function run(
  prompt: string,
  options: { delayMs?: number; steps?: number; tools?: ToolSet; abortSignal?: AbortSignal } = {},
) {
  return streamText({
    model: createOfflineModel({ delayMs: options.delayMs ?? 0 }),
    prompt,
    tools: options.tools ?? workspaceTools(),
    stopWhen: stepCountIs(options.steps ?? 1),
    abortSignal: options.abortSignal,
  });
}

async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const parts: T[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe("offline model: commands", () => {
  it.each([
    ["list my files", "list_workspace_files", {}],
    [
      'save "Hello, **world**" to notes/hello.md',
      "write_workspace_file",
      { path: "notes/hello.md", content: "Hello, **world**" },
    ],
    [
      'save "a "quoted" word" to "my notes.txt"',
      "write_workspace_file",
      { path: "my notes.txt", content: 'a "quoted" word' },
    ],
    ["read notes/hello.md", "read_workspace_file", { path: "notes/hello.md" }],
    ["read long.txt", "read_workspace_file", { path: "long.txt" }],
    ["delete /sessions/x/old.txt", "delete_workspace_file", { path: "/sessions/x/old.txt" }],
    [
      "chart 3, 1.5,-2,10 titled Sales <Q1> & more",
      "run_block",
      { block: "chart_png", input: { values: [3, 1.5, -2, 10], title: "Sales <Q1> & more" } },
    ],
    [
      "qr https://example.com/?a=1&b=2",
      "run_block",
      { block: "qr_code", input: { text: "https://example.com/?a=1&b=2" } },
    ],
    ["What time is it?", "get_current_time", {}],
    [
      "generate an agent that makes a bar chart of 3,1,4 and saves it",
      "generate_agent",
      { goal: "makes a bar chart of 3,1,4 and saves it" },
    ],
  ])("%s → %s", async (prompt, toolName, input) => {
    const result = run(prompt);
    const parts = await collect(result.fullStream);
    const calls = await result.toolCalls;
    expect(calls.map((call) => [call.toolName, call.input])).toEqual([[toolName, input]]);
    expect(await result.finishReason).toBe("tool-calls");

    const types = parts.map((part) => part.type);
    expect(types).toEqual(
      expect.arrayContaining(["tool-input-start", "tool-input-delta", "tool-input-end", "tool-call"]),
    );
    const deltas = parts.flatMap((part) => (part.type === "tool-input-delta" ? [part.delta] : []));
    expect(JSON.parse(deltas.join(""))).toEqual(input);
  });

  it("streams at least 1,500 words, word by word, for a message containing 'long'", async () => {
    const result = run("Tell me a LONG story, please");
    const parts = await collect(result.fullStream);
    const text = await result.text;
    const deltas = parts.filter((part) => part.type === "text-delta");
    expect(wordCount(text)).toBeGreaterThanOrEqual(1_500);
    expect(deltas.length).toBe(wordCount(text));
    expect(await result.finishReason).toBe("stop");
  });

  it("does not treat 'longer' as the word long", async () => {
    const text = await run("a longer question").text;
    expect(text).toContain("offline model");
    expect(wordCount(text)).toBeLessThan(200);
  });

  it("echoes exactly, markdown untouched", async () => {
    const echoed = "# Title\n\n**bold** _it_ `code` <b>&amp;</b>\n\n```ts\nconst x = 1;\n```\n  - item  ";
    expect(await run(`/echo ${echoed}`).text).toBe(echoed);
  });

  it("answers agent generation with a not-available message where the tool is not offered", async () => {
    const result = streamText({
      model: createOfflineModel({ delayMs: 0 }),
      prompt: "generate an agent that summarises my inbox",
    });
    const text = await result.text;
    expect(text).toMatch(/not available in this chat/);
    expect(text).toContain("summarises my inbox");
  });

  it("explains itself and how to configure a provider otherwise", async () => {
    const text = await run("hello there").text;
    for (const word of ["offline model", "MODEL_PROVIDER", "MODEL_API_KEY", "MODEL_BASE_URL"])
      expect(text).toContain(word);
  });

  it("says so in text when the tool it needs is not offered", async () => {
    const result = run("list my files", { tools: {} });
    expect(await result.text).toContain("`list_workspace_files`");
    expect(await result.toolCalls).toEqual([]);
  });
});

describe("offline model: after a tool result", () => {
  it("shows a block's image as markdown", async () => {
    const result = run("chart 1,2,3 titled Sales", { steps: 2 });
    expect(await result.text).toContain(`![Sales](workspace://${FILE_ID}#image/png)`);
    expect(await result.finishReason).toBe("stop");
  });

  it("lists at most 20 paths and says how many more", async () => {
    const files = Array.from({ length: 25 }, (_, index) => file(`/f${index}.txt`));
    const text = await run("list my files", {
      steps: 2,
      tools: workspaceTools({ list_workspace_files: { files, truncated: false } }),
    }).text;
    expect(text).toContain("`/f19.txt`");
    expect(text).not.toContain("`/f20.txt`");
    expect(text).toContain("and 5 more");
  });

  it("says where it looked and marks the files this chat made", async () => {
    const folder = "/chats/demo-12345678/";
    const files = [file(`${folder}qr.png`), file("/report.txt")];
    const text = await run("list my files", {
      steps: 2,
      tools: workspaceTools({
        list_workspace_files: { files, prefix: "/", chat_folder: folder, truncated: false },
      }),
    }).text;
    expect(text).toContain("Found 2 files in your workspace");
    expect(text).toContain(`\`${folder}qr.png\` (made in this chat)`);
    expect(text).toMatch(/- `\/report\.txt`$/m);
    const empty = await run("list my files", {
      steps: 2,
      tools: workspaceTools({
        list_workspace_files: { files: [], prefix: "/", chat_folder: null, truncated: false },
      }),
    }).text;
    expect(empty).toContain("There are no files in your workspace yet.");
  });

  it("quotes text content in a fenced block of at most 40 lines", async () => {
    const content = Array.from({ length: 60 }, (_, index) => `line ${index}`).join("\n");
    const read = { file: file("/a.txt"), content, offset: 0, length: content.length, truncated: false };
    const text = await run("read /a.txt", { steps: 2, tools: workspaceTools({ read_workspace_file: read }) })
      .text;
    expect(text).toContain("```\nline 0\n");
    expect(text).toContain("line 39\n```");
    expect(text).not.toContain("line 40\n");
    expect(text).toContain("20 more lines");
  });

  it("reports a saved file's path and size", async () => {
    const text = await run('save "x" to /notes.txt', { steps: 2 }).text;
    expect(text).toContain("Saved `/notes.txt` (42 B, version 1).");
  });

  it("reports the time from the tool", async () => {
    expect(await run("what time is it", { steps: 2 }).text).toContain("2030-01-02T03:04:05.000Z (UTC)");
  });

  it.each([
    ["a thrown error", new Error("disk on fire")],
    ["an error object", { error: { code: "not_found", message: "disk on fire" } }],
  ])("turns %s into a sentence with the message", async (_label, output) => {
    const text = await run("read /missing.txt", {
      steps: 2,
      tools: workspaceTools({ read_workspace_file: output }),
    }).text;
    expect(text).toContain("`read_workspace_file` call failed: disk on fire");
  });
});

describe("offline model: streaming behaviour", () => {
  it("stops promptly on abort, with no text after it", async () => {
    const controller = new AbortController();
    const result = run("something long", { delayMs: 200, abortSignal: controller.signal });
    const afterAbort: string[] = [];
    let abortedAt = 0;
    for await (const part of result.fullStream) {
      if (abortedAt > 0) afterAbort.push(part.type);
      else if (part.type === "text-delta") {
        controller.abort();
        abortedAt = performance.now();
      }
    }
    // Without honouring the signal, the next delta alone would take 200 ms.
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect(afterAbort).toEqual(["abort"]);
  });

  it("errors the raw stream with an AbortError, dropping what was queued", async () => {
    const controller = new AbortController();
    const model = createOfflineModel({ delayMs: 0 });
    const { stream } = await model.doStream({
      prompt: [{ role: "user", content: [{ type: "text", text: "long" }] }],
      abortSignal: controller.signal,
    });
    const reader = stream.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
  });

  it("reports usage and deterministic ids", async () => {
    const result = run("list my files");
    const calls = await result.toolCalls;
    expect(calls[0]?.toolCallId).toMatch(/^call_[0-9a-f]{20}$/);
    expect((await result.usage).inputTokens).toBe(3);
  });

  it("produces identical output across two runs", async () => {
    const model = createOfflineModel({ delayMs: 0 });
    const parts = async (text: string): Promise<LanguageModelV3StreamPart[]> => {
      const { stream } = await model.doStream({
        prompt: [{ role: "user", content: [{ type: "text", text }] }],
        tools: [{ type: "function", name: "get_current_time", inputSchema: { type: "object" } }],
      });
      return collect(stream);
    };
    for (const prompt of ["a long answer", "what time is it", "/echo hi"]) {
      expect(await parts(prompt)).toEqual(await parts(prompt));
    }
    const [first, second] = await Promise.all([run("long").text, run("long").text]);
    expect(first).toBe(second);
  });

  it("answers doGenerate with the same content", async () => {
    const model = createOfflineModel({ delayMs: 0 });
    const result = await model.doGenerate({
      prompt: [{ role: "user", content: [{ type: "text", text: "/echo same" }] }],
    });
    expect(result.content).toEqual([{ type: "text", text: "same" }]);
    expect(result.finishReason.unified).toBe("stop");
  });
});

describe("offline model: continuing an answer cut short", () => {
  const continueFrom = (prompt: string, written: string, tools?: ToolSet) =>
    streamText({
      model: createOfflineModel({ delayMs: 0 }),
      messages: [
        { role: "user", content: prompt },
        { role: "assistant", content: written },
      ],
      tools: tools ?? workspaceTools(),
    });

  it.each([
    ["in the middle of a word-by-word answer", "Tell me a long story", 0.37],
    ["right after the first delta", "Tell me a long story", 0.001],
    ["inside a multi-word delta", "/echo one two three four five six seven eight nine ten eleven", 0.5],
  ])("streams exactly the rest when cut %s", async (_, prompt, fraction) => {
    const full = await run(prompt).text;
    const written = full.slice(0, Math.max(1, Math.floor(full.length * fraction)));
    const rest = await continueFrom(prompt, written).text;
    expect(rest.length).toBeGreaterThan(0);
    expect(written + rest).toBe(full);
  });

  it("continues the text after a tool result the same way", async () => {
    const tools = workspaceTools();
    const first = run("list my files", { steps: 2, tools });
    const full = await first.text;
    const steps = await first.steps;
    expect(steps).toHaveLength(2);
    const written = full.slice(0, 10);
    const cut = streamText({
      model: createOfflineModel({ delayMs: 0 }),
      messages: [
        { role: "user", content: "list my files" },
        ...(await first.response).messages.slice(0, 2),
        { role: "assistant", content: written },
      ],
      tools,
    });
    expect(written + (await cut.text)).toBe(full);
  });
});
