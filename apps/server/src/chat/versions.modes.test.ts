import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import type { ChatSessionDetail } from "@copilot/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGate, type Gate, scriptedModel, textStep } from "../testing/scripted-model";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";

const available = await modeAvailable();

/** The user texts a model call was given, oldest first: the history the turn answered. */
function userTexts(options: LanguageModelV3CallOptions): string[] {
  return options.prompt.flatMap((message) =>
    message.role === "user"
      ? message.content.flatMap((part) => (part.type === "text" ? [part.text] : []))
      : [],
  );
}

// Every answer says which user messages it saw; a test may hold the next answer at a gate.
const histories: string[][] = [];
let hold: Gate | null = null;
const model = scriptedModel([
  (options) => {
    const seen = userTexts(options);
    histories.push(seen);
    const gate = hold;
    hold = null;
    const answer = textStep(`t${histories.length}`, `saw ${seen.join(" | ")}`);
    return gate ? [answer[0]!, { type: "gate", gate }, ...answer.slice(1)] : answer;
  },
]);

describe.skipIf(!available)("message versions: edit and resend, regenerate, select", () => {
  let t: TestApp;
  let user: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ model });
    await t.listen();
    user = await t.signup();
    other = await t.signup();
  });
  afterAll(() => t?.close());

  const newSession = () => t.newSession(user);
  const post = (sessionId: string, body: object) => t.postTurn(user, sessionId, body);
  const turn = async (sessionId: string, body: object) => {
    const response = await post(sessionId, body);
    await response.ended;
    return response;
  };
  const detail = async (sessionId: string): Promise<ChatSessionDetail> =>
    (
      await t.app.inject({ method: "GET", url: `/api/chat/sessions/${sessionId}`, headers: user.headers })
    ).json();
  const select = (sessionId: string, messageId: string, who: TestUser = user) =>
    t.app.inject({
      method: "POST",
      url: `/api/chat/sessions/${sessionId}/messages/${messageId}/select`,
      headers: who.headers,
    });
  const textsOf = (session: ChatSessionDetail) =>
    session.messages.map((message) =>
      message.parts.flatMap((part) => (part.type === "text" ? [String(part.text)] : [])).join(""),
    );

  it("edits a question into a new branch, keeps the old one selectable, and answers only from the branch", async () => {
    const sessionId = await newSession();
    await turn(sessionId, { message: "q1", client_message_id: "m-q1" });
    await turn(sessionId, { message: "q2", client_message_id: "m-q2" });
    const original = await detail(sessionId);
    expect(textsOf(original)).toEqual(["q1", "saw q1", "q2", "saw q1 | q2"]);
    expect(original.versions).toEqual({});

    histories.length = 0;
    await turn(sessionId, { message: "q1 edited", client_message_id: "m-e1", edit_message_id: "m-q1" });
    expect(histories).toEqual([["q1 edited"]]);
    const edited = await detail(sessionId);
    expect(textsOf(edited)).toEqual(["q1 edited", "saw q1 edited"]);
    expect(edited.versions).toEqual({ "m-e1": { index: 2, count: 2, previous: "m-q1", next: null } });
    // The title stays the first question's.
    expect(edited.title).toBe(original.title);

    const back = await select(sessionId, "m-q1");
    expect(back.statusCode).toBe(200);
    expect(textsOf(back.json())).toEqual(textsOf(original));
    expect(back.json().versions).toEqual({ "m-q1": { index: 1, count: 2, previous: null, next: "m-e1" } });
    // A reload shows what was selected.
    expect(textsOf(await detail(sessionId))).toEqual(textsOf(original));

    // A new message continues the branch shown, whose history is the original one.
    histories.length = 0;
    await turn(sessionId, { message: "q3", client_message_id: "m-q3" });
    expect(histories).toEqual([["q1", "q2", "q3"]]);
  });

  it("regenerates any answer as a new version; earlier versions stay and can be shown again", async () => {
    const sessionId = await newSession();
    await turn(sessionId, { message: "first", client_message_id: "r-1" });
    await turn(sessionId, { message: "second", client_message_id: "r-2" });
    const before = await detail(sessionId);
    const firstAnswer = before.messages[1]!.id;

    // Not the last answer: the new version starts a branch after "first".
    histories.length = 0;
    const regenerated = await turn(sessionId, {
      messages: [before.messages[0]],
      trigger: "regenerate-message",
      messageId: firstAnswer,
    });
    expect(regenerated.status).toBe(200);
    expect(histories).toEqual([["first"]]);
    const after = await detail(sessionId);
    const newAnswer = after.messages[1]!.id;
    expect(after.messages.map((message) => message.id)).toEqual(["r-1", newAnswer]);
    expect(after.versions).toEqual({
      [newAnswer]: { index: 2, count: 2, previous: firstAnswer, next: null },
    });

    // Regenerating again makes a third version (not an attach to the second).
    await turn(sessionId, {
      messages: [before.messages[0]],
      trigger: "regenerate-message",
      messageId: newAnswer,
    });
    const third = await detail(sessionId);
    expect(third.versions[third.messages[1]!.id]).toMatchObject({ index: 3, count: 3 });

    const shownAgain = await select(sessionId, firstAnswer);
    expect(shownAgain.statusCode).toBe(200);
    expect(textsOf(shownAgain.json())).toEqual(textsOf(before));
    expect(shownAgain.json().versions[firstAnswer]).toMatchObject({ index: 1, count: 3, previous: null });

    // The same request again (a retry) attaches to the turn it started: no fourth version.
    const repeat = { messages: [before.messages[0]], trigger: "regenerate-message", messageId: firstAnswer };
    const retried = await turn(sessionId, repeat);
    expect(retried.entries[0]?.id).toBe(regenerated.entries[0]?.id);
    expect((await detail(sessionId)).versions[firstAnswer]).toMatchObject({ count: 3 });
    // A new request for the same answer, named by the client, makes one more version.
    await turn(sessionId, { ...repeat, client_message_id: "regenerate-again" });
    const fourth = await detail(sessionId);
    expect(fourth.versions[fourth.messages[1]!.id]).toMatchObject({ index: 4, count: 4 });
  });

  it("refuses a select while a turn runs, an unknown message, someone else's session, and editing an answer", async () => {
    const sessionId = await newSession();
    await turn(sessionId, { message: "hello", client_message_id: "s-1" });
    const answerId = (await detail(sessionId)).messages[1]!.id;

    hold = createGate();
    const gate = hold;
    const running = await post(sessionId, { message: "more", client_message_id: "s-2" });
    await gate.reached;
    const busy = await select(sessionId, "s-1");
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.code).toBe("turn_active");
    gate.open();
    await running.ended;

    expect((await select(sessionId, "no-such-message")).statusCode).toBe(404);
    const foreign = await select(sessionId, "s-1", other);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe("not_found");

    const editAnswer = await t.app.inject({
      method: "POST",
      url: `/api/chat/sessions/${sessionId}/stream`,
      headers: user.headers,
      payload: { message: "x", client_message_id: "s-3", edit_message_id: answerId },
    });
    expect(editAnswer.statusCode).toBe(400);
    expect(editAnswer.json().error.code).toBe("bad_request");
    // Nothing of the refused edit was kept.
    expect(textsOf(await detail(sessionId))).toEqual(["hello", "saw hello", "more", "saw hello | more"]);
  });

  it("shows the branch a running turn answers while it runs, not the version it replaces", async () => {
    const sessionId = await newSession();
    await turn(sessionId, { message: "ask", client_message_id: "w-1" });
    const before = await detail(sessionId);

    hold = createGate();
    const gate = hold;
    const running = await post(sessionId, {
      messages: [before.messages[0]],
      trigger: "regenerate-message",
      messageId: before.messages[1]!.id,
    });
    await gate.reached;
    const during = await detail(sessionId);
    expect(during.messages.map((message) => message.id)).toEqual(["w-1"]);
    expect(during.active_stream).not.toBeNull();
    gate.open();
    await running.ended;
    expect((await detail(sessionId)).messages).toHaveLength(2);
  });
});
