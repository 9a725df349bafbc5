import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptedModel, textStep } from "../testing/scripted-model";
import { openSse } from "../testing/sse-client";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";
import { fileForm } from "../testing/workspace-fixtures";

const available = await modeAvailable();
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

type Part = { type: string; [key: string]: unknown };

async function setup(t: TestApp) {
  const base = await t.listen();
  const user = await t.signup();
  const call = (method: "GET" | "POST", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });
  async function upload(path: string, content: Buffer | string, type: string, who: TestUser = user) {
    const form = fileForm(path.split("/").at(-1) ?? "f", content, type);
    const response = await t.app.inject({
      method: "POST",
      url: `/api/workspace/files?path=${encodeURIComponent(path)}`,
      headers: { ...who.headers, ...form.headers },
      payload: form.payload,
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; reference: string; name: string };
  }
  async function turn(body: object): Promise<{
    id: string;
    status: number;
    messages: Array<{ role: string; parts: Part[] }>;
    title: string;
  }> {
    const id = (await call("POST", "/api/chat/sessions", {})).json().id as string;
    const sse = await openSse(`${base}/api/chat/sessions/${id}/stream`, {
      method: "POST",
      headers: { ...user.headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (sse.status === 200) await sse.ended;
    const detail = (await call("GET", `/api/chat/sessions/${id}`)).json();
    return { id, status: sse.status, messages: detail.messages, title: detail.title };
  }
  return { base, user, call, upload, turn };
}

const textOf = (message: { parts: Part[] } | undefined) =>
  (message?.parts ?? []).flatMap((part) => (part.type === "text" ? [String(part.text)] : [])).join("");

describe.skipIf(!available)("attachments with the offline model", () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    t = await createTestApp({ env: { OFFLINE_MODEL_DELAY_MS: "0" } });
    s = await setup(t);
  });
  afterAll(() => t?.close());

  it("saves the message with file parts built from our rows, and `read <name>` reads the attachment", async () => {
    const file = await s.upload("/uploads/2026-12-06/notes.txt", "the secret word is heron", "text/plain");
    const { messages } = await s.turn({ message: "read notes.txt", attachments: [{ file_id: file.id }] });
    expect(messages[0]?.parts).toEqual([
      { type: "text", text: "read notes.txt" },
      { type: "file", mediaType: "text/plain", filename: "notes.txt", url: file.reference },
    ]);
    expect(textOf(messages[1])).toContain("the secret word is heron");
  });

  it("takes a message of files alone, names the chat after the first, and says what arrived", async () => {
    const file = await s.upload("/uploads/report.csv", "a,b\n1,2\n", "text/csv");
    const { messages, title } = await s.turn({ message: "", attachments: [{ file_id: file.id }] });
    expect(messages[0]?.parts).toHaveLength(1);
    expect(title).toBe("report.csv");
    expect(textOf(messages[1])).toContain("report.csv");
    expect(textOf(messages[1])).toContain("/uploads/report.csv");
  });

  it("keeps the question's files when it is edited without new attachments, and the answer reads them", async () => {
    const file = await s.upload("/uploads/edit/birds.txt", "the bird is a wren", "text/plain");
    const first = await s.turn({
      message: "hello",
      client_message_id: "q-files",
      attachments: [{ file_id: file.id }],
    });
    const sse = await openSse(`${s.base}/api/chat/sessions/${first.id}/stream`, {
      method: "POST",
      headers: { ...s.user.headers, "content-type": "application/json" },
      body: JSON.stringify({
        message: "read birds.txt",
        client_message_id: "q-edit",
        edit_message_id: "q-files",
      }),
    });
    await sse.ended;
    const { messages } = (await s.call("GET", `/api/chat/sessions/${first.id}`)).json();
    expect(messages[0].parts).toEqual([
      { type: "text", text: "read birds.txt" },
      { type: "file", mediaType: "text/plain", filename: "birds.txt", url: file.reference },
    ]);
    expect(textOf(messages[1])).toContain("the bird is a wren");
  });

  it("refuses another user's file, an unknown id and an empty message, starting no turn", async () => {
    const other = await t.signup();
    const theirs = await s.upload("/theirs.txt", "private", "text/plain", other);
    const foreign = await s.turn({ message: "read theirs.txt", attachments: [{ file_id: theirs.id }] });
    expect(foreign.status).toBe(400);
    expect(foreign.messages).toEqual([]);
    const unknown = await s.turn({ message: "hi", attachments: [{ file_id: crypto.randomUUID() }] });
    expect(unknown.status).toBe(400);
    expect((await s.turn({ message: "  " })).status).toBe(400);
  });

  it("rebuilds an AI SDK client's workspace file parts from our rows", async () => {
    const file = await s.upload("/uploads/pic.png", PNG, "image/png");
    const { messages } = await s.turn({
      messages: [
        {
          id: "m1",
          role: "user",
          parts: [
            { type: "text", text: "look" },
            { type: "file", mediaType: "text/html", filename: "evil.html", url: file.reference },
            { type: "file", mediaType: "image/png", url: "https://example.com/x.png" },
          ],
        },
      ],
    });
    expect(messages[0]?.parts).toEqual([
      { type: "text", text: "look" },
      { type: "file", mediaType: "image/png", filename: "pic.png", url: file.reference },
    ]);
  });
});

describe.skipIf(!available)("attachments as the model sees them", () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof setup>>;
  const prompts: LanguageModelV3CallOptions["prompt"][] = [];
  const model = scriptedModel([
    (options) => {
      prompts.push(options.prompt);
      return textStep("t", "seen");
    },
  ]);
  beforeAll(async () => {
    t = await createTestApp({ model });
    s = await setup(t);
  });
  afterAll(() => t?.close());

  it("names every attachment in a note and sends the newest message's images as images", async () => {
    const image = await s.upload("/uploads/dot.png", PNG, "image/png");
    const text = await s.upload("/uploads/a.txt", "hello", "text/plain");
    await s.turn({ message: "what is this?", attachments: [{ file_id: image.id }, { file_id: text.id }] });
    const user = prompts.at(-1)?.findLast((message) => message.role === "user");
    if (user?.role !== "user") throw new Error("no user message in the prompt");
    const notes = user.content.flatMap((part) => (part.type === "text" ? [part.text] : []));
    expect(notes[0]).toBe("what is this?");
    expect(notes[1]).toContain(`file_id=${image.id}`);
    expect(notes[2]).toContain('path="/uploads/a.txt"');
    const files = user.content.filter((part) => part.type === "file");
    expect(files).toHaveLength(1);
    const data = files[0]?.type === "file" ? files[0].data : null;
    const bytes =
      data instanceof URL
        ? null
        : typeof data === "string"
          ? Buffer.from(data.replace(/^data:[^,]*,/, ""), "base64")
          : Buffer.from(data ?? []);
    expect(bytes?.equals(PNG)).toBe(true);
  });
});
