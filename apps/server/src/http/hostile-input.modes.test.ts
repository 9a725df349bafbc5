import { MAX_TURN_MESSAGES } from "@copilot/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";
import { fileForm } from "../testing/workspace-fixtures";

const available = await modeAvailable();

/**
 * Input the database or the multipart parser cannot take is the client's fault: 400 with a code,
 * never 500 (issue 10, finding 5). Raw JSON text, so the escapes reach the server as written.
 */
describe.skipIf(!available)("hostile input", () => {
  let t: TestApp;
  let user: TestUser;
  let sessionId: string;

  beforeAll(async () => {
    t = await createTestApp();
    user = await t.signup();
    const created = await t.app.inject({
      method: "POST",
      url: "/api/chat/sessions",
      headers: user.headers,
      payload: { title: "ok" },
    });
    sessionId = created.json().id;
  });
  afterAll(() => t?.close());

  const send = (method: "POST" | "PATCH", url: string, json: string) =>
    t.app.inject({
      method,
      url,
      headers: { ...user.headers, "content-type": "application/json" },
      payload: json,
    });

  const cases: Array<[string, "POST" | "PATCH", () => string, string]> = [
    ["NUL in a new session's title", "POST", () => "/api/chat/sessions", '{"title":"a\\u0000b"}'],
    ["NUL in a renamed title", "PATCH", () => `/api/chat/sessions/${sessionId}`, '{"title":"a\\u0000b"}'],
    ["NUL in an API key name", "POST", () => "/api/auth/api-keys", '{"name":"a\\u0000b"}'],
    [
      "NUL in a message",
      "POST",
      () => `/api/chat/sessions/${sessionId}/stream`,
      '{"message":"/echo a\\u0000b"}',
    ],
    [
      "NUL in client_message_id",
      "POST",
      () => `/api/chat/sessions/${sessionId}/stream`,
      '{"message":"hi","client_message_id":"c\\u0000"}',
    ],
    [
      "a lone surrogate in a message",
      "POST",
      () => `/api/chat/sessions/${sessionId}/stream`,
      '{"message":"/echo \\ud800"}',
    ],
    [
      "a lone surrogate in an AI SDK message",
      "POST",
      () => `/api/chat/sessions/${sessionId}/stream`,
      '{"messages":[{"id":"m1","role":"user","parts":[{"type":"text","text":"x\\udc00"}]}]}',
    ],
    [
      "NUL in an object key",
      "POST",
      () => `/api/chat/sessions/${sessionId}/stream`,
      '{"messages":[{"id":"m1","role":"user","parts":[{"type":"text","text":"x","a\\u0000":1}]}]}',
    ],
  ];
  for (const [name, method, url, json] of cases) {
    it(`${name} → 400 bad_request`, async () => {
      const response = await send(method, url(), json);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe("bad_request");
    });
  }

  const sdkBody = (count: number, text: string) =>
    JSON.stringify({
      messages: Array.from({ length: count }, (_, index) => ({
        id: `m${index}`,
        role: index % 2 ? "assistant" : "user",
        parts: [{ type: "text", text }],
      })),
    });

  it("more AI SDK messages than the cap → 400 bad_request", async () => {
    const response = await send(
      "POST",
      `/api/chat/sessions/${sessionId}/stream`,
      sdkBody(MAX_TURN_MESSAGES + 1, "hi"),
    );
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe("bad_request");
  });

  it("a chat POST over the body cap → 413 message_too_long", async () => {
    const response = await send(
      "POST",
      `/api/chat/sessions/${sessionId}/stream`,
      sdkBody(100, "x".repeat(30_000)),
    );
    expect(response.statusCode, response.body).toBe(413);
    expect(response.json().error.code).toBe("message_too_long");
  });

  it("a truncated multipart upload → 400 bad_request", async () => {
    const form = fileForm("a.txt", "hello world");
    const cut = form.payload.subarray(0, form.payload.length - 12);
    const response = await t.app.inject({
      method: "POST",
      url: "/api/workspace/files?path=/cut.txt",
      headers: { ...user.headers, ...form.headers },
      payload: cut,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe("bad_request");
  });

  it("a multipart body with another boundary → 400 bad_request", async () => {
    const form = fileForm("a.txt", "hello world");
    const response = await t.app.inject({
      method: "POST",
      url: "/api/workspace/files?path=/mismatch.txt",
      headers: { ...user.headers, "content-type": "multipart/form-data; boundary=not-the-one" },
      payload: form.payload,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe("bad_request");
  });

  it("a well-formed astral character is still accepted", async () => {
    const response = await send("PATCH", `/api/chat/sessions/${sessionId}`, '{"title":"ok \\ud83d\\ude00"}');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().title).toBe("ok 😀");
  });
});
