import { DefaultChatTransport, readUIMessageStream, type UIMessage } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGate, scriptedModel, textStep, toolCallStep } from "../testing/scripted-model";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";

const available = await modeAvailable();

/**
 * Our POST and resume responses consumed by the `ai` package's own transport and reader (not our
 * parser): the message it rebuilds must equal the one we saved.
 */
describe.skipIf(!available)("AI SDK compatibility", () => {
  const gate = createGate();
  const model = scriptedModel([
    toolCallStep("call-1", "get_current_time", {}),
    [...textStep("a", "The time ", "is known.")],
    [
      { type: "text-start", id: "b" },
      { type: "text-delta", id: "b", delta: "before the gate, " },
      { type: "gate", gate },
      { type: "text-delta", id: "b", delta: "after the gate." },
      { type: "text-end", id: "b" },
      ...textStep("unused").slice(-1),
    ],
  ]);
  let t: TestApp;
  let base: string;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ model });
    base = await t.listen();
    user = await t.signup();
  });
  afterAll(() => t?.close());

  const transportFor = (sessionId: string) => {
    const api = `${base}/api/chat/sessions/${sessionId}/stream`;
    return new DefaultChatTransport<UIMessage>({
      api,
      headers: user.headers,
      prepareReconnectToStreamRequest: () => ({ api, headers: user.headers }),
    });
  };
  const rebuild = async (stream: ReadableStream<import("ai").UIMessageChunk>) => {
    let last: UIMessage | undefined;
    for await (const message of readUIMessageStream<UIMessage>({ stream })) last = message;
    return last;
  };
  const saved = async (sessionId: string) => {
    const session = (
      await t.app.inject({ method: "GET", url: `/api/chat/sessions/${sessionId}`, headers: user.headers })
    ).json();
    return session.messages.at(-1) as UIMessage;
  };

  it("rebuilds the same message from our POST response (text → tool → text)", async () => {
    const sessionId = (
      await t.app.inject({ method: "POST", url: "/api/chat/sessions", headers: user.headers, payload: {} })
    ).json().id;
    const stream = await transportFor(sessionId).sendMessages({
      chatId: sessionId,
      trigger: "submit-message",
      messageId: undefined,
      abortSignal: undefined,
      messages: [{ id: "user-1", role: "user", parts: [{ type: "text", text: "what time is it" }] }],
    });
    const rebuilt = await rebuild(stream);
    const stored = await saved(sessionId);
    expect(rebuilt).toBeDefined();
    expect(rebuilt).toEqual(stored);
    expect(stored.parts.map((part) => part.type)).toEqual([
      "step-start",
      "tool-get_current_time",
      "step-start",
      "text",
    ]);
  });

  it("rebuilds the same message from the resume endpoint while the turn runs, and null when idle", async () => {
    const sessionId = (
      await t.app.inject({ method: "POST", url: "/api/chat/sessions", headers: user.headers, payload: {} })
    ).json().id;
    const transport = transportFor(sessionId);
    expect(await transport.reconnectToStream({ chatId: sessionId })).toBeNull();
    const original = await transport.sendMessages({
      chatId: sessionId,
      trigger: "submit-message",
      messageId: undefined,
      abortSignal: undefined,
      messages: [{ id: "user-2", role: "user", parts: [{ type: "text", text: "gate me" }] }],
    });
    const fromPost = rebuild(original);
    await gate.reached;
    const resumed = await transport.reconnectToStream({ chatId: sessionId });
    expect(resumed).not.toBeNull();
    const fromResume = rebuild(resumed as ReadableStream<import("ai").UIMessageChunk>);
    gate.open();
    const [a, b] = await Promise.all([fromPost, fromResume]);
    const stored = await saved(sessionId);
    expect(a).toEqual(stored);
    expect(b).toEqual(stored);
    expect(JSON.stringify(stored)).toContain("before the gate, after the gate.");
  });
});
