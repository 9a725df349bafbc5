import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { MockLanguageModelV3 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGate, type Gate, scriptedModel, textStep } from "../testing/scripted-model";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";
import { until } from "../testing/until";

const available = await modeAvailable();

// The title model's next reply (or failure), and a gate a test may hold it at.
let reply: string | Error = "";
let hold: Gate | null = null;
const prompts: string[] = [];
const titleModel = new MockLanguageModelV3({
  doGenerate: async (options: LanguageModelV3CallOptions) => {
    prompts.push(JSON.stringify(options.prompt));
    const gate = hold;
    hold = null;
    if (gate) {
      gate.markReached();
      await gate.opened;
    }
    if (reply instanceof Error) throw reply;
    return {
      content: [{ type: "text", text: reply }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 1, text: 1, reasoning: 0 },
      },
      warnings: [],
    };
  },
});

describe.skipIf(!available)("chat titles written by the model", () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({
      model: scriptedModel([textStep("a", "Streams are logs you can replay.")]),
      titleModel,
    });
    await t.listen();
    user = await t.signup();
  });
  afterAll(() => t?.close());

  const call = (method: "GET" | "PATCH", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });
  async function turn(sessionId: string, message: string) {
    const sse = await t.postTurn(user, sessionId, { message });
    await sse.ended;
  }
  const newSession = () => t.newSession(user);
  const titleOf = async (id: string) =>
    (await call("GET", `/api/chat/sessions/${id}`)).json().title as string;
  const titleJobDone = (id: string) =>
    until("the title job to end", async () => (await t.deps.jobs.state(`title-${id}`)).state === "unknown");

  it("names the chat after its first answer, cleaned to plain words, and only once", async () => {
    reply = 'Title: "Durable streams, explained."';
    prompts.length = 0;
    const id = await newSession();
    await turn(id, "How do **durable** streams work?");
    await until("the generated title", async () => (await titleOf(id)) === "Durable streams, explained");
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain("How do **durable** streams work?");
    expect(prompts[0]).toContain("Streams are logs you can replay.");

    await turn(id, "And in Redis?");
    await titleJobDone(id);
    expect(prompts).toHaveLength(1);
    expect(await titleOf(id)).toBe("Durable streams, explained");
  });

  it("never overwrites a title the user set while the model was thinking", async () => {
    reply = "Something generated";
    hold = createGate();
    const gate = hold;
    const id = await newSession();
    await turn(id, "name this chat");
    await gate.reached;
    expect((await call("PATCH", `/api/chat/sessions/${id}`, { title: "Mine" })).statusCode).toBe(200);
    gate.open();
    await titleJobDone(id);
    expect(await titleOf(id)).toBe("Mine");
  });

  it("keeps the first message's title when the model fails or answers nothing", async () => {
    for (const failure of [new Error("provider down"), "  \n  "]) {
      reply = failure;
      const calls = prompts.length;
      const id = await newSession();
      await turn(id, "what is a **stream**?");
      await until("the title model's call", async () => prompts.length > calls);
      await titleJobDone(id);
      expect(await titleOf(id)).toBe("what is a stream?");
    }
  });
});
