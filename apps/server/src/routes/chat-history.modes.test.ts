import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGate, type Gate, scriptedModel, textStep } from "../testing/scripted-model";
import { openSse } from "../testing/sse-client";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";

const available = await modeAvailable();

/** Each turn answers with its gate (if any) first: a test holds a turn running as long as it needs. */
let gate: Gate | null = null;
const model = scriptedModel([
  () => (gate ? [{ type: "gate", gate }, ...textStep("t", "held answer")] : textStep("t", "The answer.")),
]);

describe.skipIf(!available)("chat history: search, pins, running marker", () => {
  let t: TestApp;
  let base: string;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ model });
    base = await t.listen();
    user = await t.signup();
  });
  afterAll(() => t?.close());

  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });
  const titlesOf = async (query: string) =>
    (await call("GET", `/api/chat/sessions?${query}`))
      .json()
      .items.map((session: { title: string }) => session.title);

  async function chatWith(message: string, title?: string): Promise<string> {
    const id = (await call("POST", "/api/chat/sessions", title ? { title } : {})).json().id as string;
    const sse = await openSse(`${base}/api/chat/sessions/${id}/stream`, {
      method: "POST",
      headers: { ...user.headers, "content-type": "application/json" },
      body: JSON.stringify({ message }),
    });
    await sse.ended;
    return id;
  }

  it("finds chats by title or by the text of their messages, case-insensitively", async () => {
    await chatWith("Tell me about BANANA bread", "Baking");
    await chatWith("What is 100% rye?", "Flour");
    await chatWith("nothing here", "Banana plans");
    expect((await titlesOf("q=banana")).sort()).toEqual(["Baking", "Banana plans"]);
    expect(await titlesOf("q=100%25")).toEqual(["Flour"]);
    expect(await titlesOf("q=the%20answer")).toHaveLength(3);
    // JSON keys and part types are not text a user wrote.
    expect(await titlesOf("q=type")).toEqual([]);
    expect(await titlesOf("q=absent")).toEqual([]);
  });

  it("pins without reordering the rest, lists pinned and unpinned apart, and unpins", async () => {
    const first = await chatWith("first", "Pin me");
    const before = await titlesOf("");
    const pinned = await call("PATCH", `/api/chat/sessions/${first}`, { pinned: true });
    expect(pinned.statusCode).toBe(200);
    expect(pinned.json()).toMatchObject({ title: "Pin me", pinned: true, running: false });
    expect(await titlesOf("")).toEqual(before);
    expect(await titlesOf("pinned=true")).toEqual(["Pin me"]);
    expect(await titlesOf("pinned=false")).not.toContain("Pin me");
    expect((await call("PATCH", `/api/chat/sessions/${first}`, { pinned: false })).json().pinned).toBe(false);
    expect(await titlesOf("pinned=true")).toEqual([]);
    expect((await call("PATCH", `/api/chat/sessions/${first}`, {})).statusCode).toBe(400);
  });

  it("marks a chat as running while its turn runs, and not after", async () => {
    const id = (await call("POST", "/api/chat/sessions", { title: "Busy" })).json().id as string;
    gate = createGate();
    const sse = await openSse(`${base}/api/chat/sessions/${id}/stream`, {
      method: "POST",
      headers: { ...user.headers, "content-type": "application/json" },
      body: JSON.stringify({ message: "take your time" }),
    });
    await gate.reached;
    const running = (await call("GET", "/api/chat/sessions")).json().items;
    expect(running.find((session: { id: string }) => session.id === id)).toMatchObject({ running: true });
    expect(running.filter((session: { running: boolean }) => session.running)).toHaveLength(1);
    gate.open();
    await sse.ended;
    gate = null;
    const after = (await call("GET", "/api/chat/sessions")).json().items;
    expect(after.find((session: { id: string }) => session.id === id)).toMatchObject({ running: false });
  });
});
