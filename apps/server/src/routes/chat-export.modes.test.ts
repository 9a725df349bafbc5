import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGate,
  finish,
  type Gate,
  type ScriptPart,
  scriptedModel,
  textStep,
} from "../testing/scripted-model";
import { openSse } from "../testing/sse-client";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";

const available = await modeAvailable();

/** With a gate, the answer writes a first word, then waits for the test before finishing. */
let gate: Gate | null = null;
const model = scriptedModel([
  (): ScriptPart[] =>
    gate
      ? [
          { type: "text-start", id: "t" },
          { type: "text-delta", id: "t", delta: "half-written" },
          { type: "gate", gate },
          { type: "text-end", id: "t" },
          finish("stop"),
        ]
      : textStep("t", "Bread needs **flour**."),
]);

describe.skipIf(!available)("chat export and the model in use", () => {
  let t: TestApp;
  let base: string;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ model });
    base = await t.listen();
    user = await t.signup();
  });
  afterAll(() => t?.close());

  const get = (url: string, who = user) => t.app.inject({ method: "GET", url, headers: who.headers });

  async function chat(title: string, message: string) {
    const id = (
      await t.app.inject({
        method: "POST",
        url: "/api/chat/sessions",
        headers: user.headers,
        payload: { title },
      })
    ).json().id as string;
    const sse = await openSse(`${base}/api/chat/sessions/${id}/stream`, {
      method: "POST",
      headers: { ...user.headers, "content-type": "application/json" },
      body: JSON.stringify({ message }),
    });
    return { id, sse };
  }

  it("exports a chat as a Markdown attachment named after its title", async () => {
    const { id, sse } = await chat("Baking: bread", "How do I bake bread?");
    await sse.ended;
    const response = await get(`/api/chat/sessions/${id}/export`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/markdown; charset=utf-8");
    expect(response.headers["content-disposition"]).toMatch(
      /^attachment; filename="baking-bread-\d{4}-\d{2}-\d{2}\.md"; filename\*=UTF-8''baking-bread-/,
    );
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.body).toMatch(/^# Baking: bread\n/);
    expect(response.body).toContain("## You\n\nHow do I bake bread?\n\n## Assistant");
    expect(response.body).toContain("Bread needs **flour**.");
  });

  it("exports the same chat as JSON in the API's own shapes", async () => {
    const { id, sse } = await chat("As data", "hello");
    await sse.ended;
    const response = await get(`/api/chat/sessions/${id}/export?format=json`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(response.headers["content-disposition"]).toContain('filename="as-data-');
    const document = response.json();
    expect(document).toMatchObject({ format: "copilot.chat.v1", session: { id, title: "As data" } });
    expect(document.messages.map((message: { role: string }) => message.role)).toEqual(["user", "assistant"]);
    expect(document.messages[1].parts).toContainEqual(
      expect.objectContaining({ type: "text", text: "Bread needs **flour**." }),
    );
  });

  it("leaves out an answer still being written", async () => {
    gate = createGate();
    const { id, sse } = await chat("Busy", "take your time");
    await gate.reached;
    const running = (await get(`/api/chat/sessions/${id}/export?format=json`)).json();
    expect(running.session.running).toBe(true);
    expect(running.messages.map((message: { role: string }) => message.role)).toEqual(["user"]);
    expect((await get(`/api/chat/sessions/${id}/export`)).body).not.toContain("half-written");
    gate.open();
    await sse.ended;
    gate = null;
    expect((await get(`/api/chat/sessions/${id}/export`)).body).toContain("half-written");
  });

  it("refuses other users' chats and unknown formats", async () => {
    const { id, sse } = await chat("Mine", "secret");
    await sse.ended;
    const other = await t.signup();
    const foreign = await get(`/api/chat/sessions/${id}/export`, other);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe("not_found");
    expect((await get(`/api/chat/sessions/${id}/export?format=pdf`)).statusCode).toBe(400);
    expect((await t.app.inject({ method: "GET", url: `/api/chat/sessions/${id}/export` })).statusCode).toBe(
      401,
    );
  });

  it("names the model in use without its key or address", async () => {
    const response = await get("/api/chat/model");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ provider: "offline", name: "offline", label: t.deps.modelLabel });
    expect((await t.app.inject({ method: "GET", url: "/api/chat/model" })).statusCode).toBe(401);
  });
});
