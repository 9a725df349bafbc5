import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSecuritySuite } from "../testing/security-suite";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";

const available = await modeAvailable();

describe.skipIf(!available)("chat sessions", () => {
  let t: TestApp;
  let owner: TestUser;
  let stranger: TestUser;
  const owned: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.signup();
    stranger = await t.signup();
    owned.sessionId = (await create(owner, { title: "Owner's" })).json().id;
  });
  afterAll(() => t?.close());

  const create = (user: TestUser, payload: object = {}) =>
    t.app.inject({ method: "POST", url: "/api/chat/sessions", headers: user.headers, payload });

  it("creates a session (201) with a default title", async () => {
    const response = await create(owner);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ title: "New chat" });
    expect(response.json().id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("gets a session with no messages and no active stream", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: `/api/chat/sessions/${owned.sessionId}`,
      headers: owner.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: owned.sessionId,
      title: "Owner's",
      messages: [],
      active_stream: null,
    });
  });

  it("renames a session and validates the title", async () => {
    const url = `/api/chat/sessions/${owned.sessionId}`;
    const renamed = await t.app.inject({
      method: "PATCH",
      url,
      headers: owner.headers,
      payload: { title: "Renamed" },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().title).toBe("Renamed");
    const empty = await t.app.inject({
      method: "PATCH",
      url,
      headers: owner.headers,
      payload: { title: "  " },
    });
    expect(empty.statusCode).toBe(400);
  });

  it("lists newest first with cursors that cover every session exactly once", async () => {
    const user = await t.signup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(user, { title: `s${i}` })).json().id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/chat/sessions?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await t.app.inject({ method: "GET", url, headers: user.headers });
      expect(page.statusCode).toBe(200);
      const body = page.json();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((item: { id: string }) => item.id));
      cursor = body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it.each([
    ["limit above 200", "?limit=201", "bad_request"],
    ["limit 0", "?limit=0", "bad_request"],
    ["a malformed cursor", "?cursor=%%%", "invalid_cursor"],
    ["a forged cursor", `?cursor=${Buffer.from('["x","y"]').toString("base64url")}`, "invalid_cursor"],
  ])("answers 400 for %s", async (_label, query, code) => {
    const response = await t.app.inject({
      method: "GET",
      url: `/api/chat/sessions${query}`,
      headers: owner.headers,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe(code);
  });

  it("does not list someone else's sessions", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/chat/sessions?limit=200",
      headers: stranger.headers,
    });
    expect(response.json().items.map((item: { id: string }) => item.id)).not.toContain(owned.sessionId);
  });

  it("deletes a session (204); then it is 404", async () => {
    const id = (await create(owner)).json().id;
    const removed = await t.app.inject({
      method: "DELETE",
      url: `/api/chat/sessions/${id}`,
      headers: owner.headers,
    });
    expect(removed.statusCode).toBe(204);
    const after = await t.app.inject({
      method: "GET",
      url: `/api/chat/sessions/${id}`,
      headers: owner.headers,
    });
    expect(after.statusCode).toBe(404);
  });

  it("answers 400 for a malformed session id", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/chat/sessions/nope",
      headers: owner.headers,
    });
    expect(response.statusCode).toBe(400);
  });

  runSecuritySuite("sessions", () => ({ t, owner, stranger, owned }), [
    { method: "POST", url: () => "/api/chat/sessions", payload: {}, ownsResource: false },
    { method: "GET", url: () => "/api/chat/sessions", ownsResource: false },
    { method: "GET", url: (o) => `/api/chat/sessions/${o.sessionId}` },
    { method: "PATCH", url: (o) => `/api/chat/sessions/${o.sessionId}`, payload: { title: "x" } },
    { method: "DELETE", url: (o) => `/api/chat/sessions/${o.sessionId}` },
    { method: "POST", url: (o) => `/api/chat/sessions/${o.sessionId}/stream`, payload: { message: "hi" } },
    { method: "GET", url: (o) => `/api/chat/sessions/${o.sessionId}/stream` },
  ]);
});
