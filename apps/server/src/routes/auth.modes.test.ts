import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyCredentials } from "../auth/accounts";
import { verifyPassword } from "../auth/passwords";
import { runSecuritySuite } from "../testing/security-suite";
import {
  createTestApp,
  modeAvailable,
  sessionCookie,
  type TestApp,
  type TestUser,
} from "../testing/test-app";

const available = await modeAvailable();

describe.skipIf(!available)("auth routes", () => {
  let t: TestApp;
  let owner: TestUser;
  let stranger: TestUser;
  const owned: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ env: { AUTH_LOGIN_MAX_PER_MINUTE: "3" } });
    owner = await t.signup();
    stranger = await t.signup();
    const key = await t.app.inject({
      method: "POST",
      url: "/api/auth/api-keys",
      headers: owner.headers,
      payload: { name: "owner key" },
    });
    owned.keyId = key.json().id;
  });
  afterAll(() => t?.close());

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: "POST", url, payload: payload as object, headers });

  describe("signup", () => {
    it("creates the account, sets an HttpOnly SameSite=Lax session cookie and answers 201 {user}", async () => {
      const response = await post("/api/auth/signup", {
        email: "New.Person@Example.com",
        password: "long enough",
      });
      expect(response.statusCode).toBe(201);
      expect(response.json().user).toMatchObject({ email: "New.Person@Example.com" });
      expect(response.json().user.id).toMatch(/^[0-9a-f-]{36}$/);
      const setCookie = String(response.headers["set-cookie"]);
      expect(setCookie).toMatch(/copilot_session=[^;]+/);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      expect(setCookie).toMatch(/Path=\//);
      expect(setCookie).not.toMatch(/Secure/);
    });

    it("marks the cookie Secure behind an https proxy", async () => {
      const response = await post(
        "/api/auth/signup",
        { email: "secure@example.com", password: "long enough" },
        { "x-forwarded-proto": "https" },
      );
      expect(String(response.headers["set-cookie"])).toMatch(/Secure/);
    });

    it("refuses a taken email case-insensitively with 409 email_taken", async () => {
      const response = await post("/api/auth/signup", {
        email: owner.email.toUpperCase(),
        password: "long enough",
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe("email_taken");
    });

    it.each([
      ["missing fields", {}],
      ["missing password", { email: "x@example.com" }],
      ["a bad email", { email: "not-an-email", password: "long enough" }],
      ["a short password", { email: "x@example.com", password: "short" }],
      ["a long password", { email: "x@example.com", password: "p".repeat(257) }],
      ["a non-string password", { email: "x@example.com", password: 12345678 }],
    ])("answers 400 bad_request for %s", async (_label, payload) => {
      const response = await post("/api/auth/signup", payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe("bad_request");
    });

    it("answers 413 for an oversized body", async () => {
      const response = await post("/api/auth/signup", {
        email: "x@example.com",
        password: "p".repeat(2 * 1024 * 1024),
      });
      expect(response.statusCode).toBe(413);
      expect(response.json().error).toMatchObject({ code: "message_too_long" });
    });

    it("answers 400 for malformed JSON", async () => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/auth/signup",
        payload: "{not json",
        headers: { "content-type": "application/json" },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe("bad_request");
    });

    it("is refused from a foreign Origin with 403 csrf_failed", async () => {
      const response = await post(
        "/api/auth/signup",
        { email: "csrf@example.com", password: "long enough" },
        { origin: "https://evil.example" },
      );
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe("csrf_failed");
    });
  });

  describe("login and sessions", () => {
    it("logs in with the right password and the cookie works for /me", async () => {
      const response = await post("/api/auth/login", {
        email: owner.email,
        password: "correct horse battery",
      });
      expect(response.statusCode).toBe(200);
      const me = await t.app.inject({
        method: "GET",
        url: "/api/auth/me",
        headers: { cookie: sessionCookie(response) },
      });
      expect(me.statusCode).toBe(200);
      expect(me.json().user).toMatchObject({ id: owner.id, email: owner.email });
    });

    it("answers the same 401 for an unknown email and a wrong password", async () => {
      const unknown = await post("/api/auth/login", { email: "nobody@example.com", password: "whatever123" });
      const wrong = await post("/api/auth/login", { email: stranger.email, password: "wrong password" });
      expect(unknown.statusCode).toBe(401);
      expect(wrong.statusCode).toBe(401);
      expect(unknown.json()).toEqual(wrong.json());
    });

    it("verifies a password hash for unknown emails too (equal cost)", async () => {
      const calls: string[] = [];
      const counting: typeof verifyPassword = (password, hash) => {
        calls.push(hash.split("$")[0] ?? "");
        return verifyPassword(password, hash);
      };
      await verifyCredentials(t.deps.db, { email: "ghost@example.com", password: "whatever123" }, counting);
      await verifyCredentials(t.deps.db, { email: stranger.email, password: "wrong password" }, counting);
      expect(calls).toEqual(["scrypt", "scrypt"]);
    });

    it("rejects a forged session cookie with 401", async () => {
      const response = await t.app.inject({
        method: "GET",
        url: "/api/auth/me",
        headers: { cookie: "copilot_session=abc" },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe("unauthorized");
    });

    it("rejects an expired session with 401", async () => {
      const user = await t.signup();
      const { authSessions } = await import("../db/schema");
      const { eq } = await import("drizzle-orm");
      await t.deps.db
        .update(authSessions)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(authSessions.userId, user.id));
      const response = await t.app.inject({
        method: "GET",
        url: "/api/auth/me",
        headers: { cookie: user.cookie },
      });
      expect(response.statusCode).toBe(401);
    });

    it("logs out: 204, cookie cleared, the old token no longer works", async () => {
      const user = await t.signup();
      const response = await post("/api/auth/logout", {}, user.headers);
      expect(response.statusCode).toBe(204);
      expect(String(response.headers["set-cookie"])).toMatch(/copilot_session=;/);
      const me = await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie: user.cookie } });
      expect(me.statusCode).toBe(401);
    });

    // Login and signup limits: login-limits.modes.test.ts.
  });

  describe("api keys", () => {
    it("creates a key shown once, lists it without the secret, and it works as Bearer without Origin", async () => {
      const created = await post("/api/auth/api-keys", { name: "ci" }, owner.headers);
      expect(created.statusCode).toBe(201);
      const { id, key } = created.json();
      expect(key).toMatch(/^cpk_/);
      const list = await t.app.inject({ method: "GET", url: "/api/auth/api-keys", headers: owner.headers });
      const item = list.json().items.find((entry: { id: string }) => entry.id === id);
      expect(item).toMatchObject({ id, name: "ci", last_used_at: null });
      expect(JSON.stringify(list.json())).not.toContain(key);
      const me = await t.app.inject({
        method: "GET",
        url: "/api/auth/me",
        headers: { authorization: `Bearer ${key}` },
      });
      expect(me.json().user.id).toBe(owner.id);
      // A mutation by API key needs no Origin.
      const another = await post(
        "/api/auth/api-keys",
        { name: "by key" },
        { authorization: `Bearer ${key}` },
      );
      expect(another.statusCode).toBe(201);
      const after = await t.app.inject({ method: "GET", url: "/api/auth/api-keys", headers: owner.headers });
      expect(after.json().items.find((entry: { id: string }) => entry.id === id).last_used_at).not.toBeNull();
    });

    it("rejects an unknown or malformed Bearer key with 401, even next to a valid cookie", async () => {
      for (const authorization of ["Bearer cpk_nope", "Bearer", "Basic abc"]) {
        const response = await t.app.inject({
          method: "GET",
          url: "/api/auth/me",
          headers: { authorization, cookie: owner.cookie },
        });
        expect(response.statusCode).toBe(401);
      }
    });

    it("deletes a key; the key stops working", async () => {
      const created = await post("/api/auth/api-keys", { name: "temp" }, owner.headers);
      const { id, key } = created.json();
      const removed = await t.app.inject({
        method: "DELETE",
        url: `/api/auth/api-keys/${id}`,
        headers: owner.headers,
      });
      expect(removed.statusCode).toBe(204);
      const me = await t.app.inject({
        method: "GET",
        url: "/api/auth/me",
        headers: { authorization: `Bearer ${key}` },
      });
      expect(me.statusCode).toBe(401);
    });

    it("validates the key name and the id", async () => {
      expect((await post("/api/auth/api-keys", { name: "" }, owner.headers)).statusCode).toBe(400);
      const badId = await t.app.inject({
        method: "DELETE",
        url: "/api/auth/api-keys/not-a-uuid",
        headers: owner.headers,
      });
      expect(badId.statusCode).toBe(400);
    });
  });

  runSecuritySuite("auth", () => ({ t, owner, stranger, owned }), [
    { method: "GET", url: () => "/api/auth/me", ownsResource: false },
    { method: "GET", url: () => "/api/auth/api-keys", ownsResource: false },
    { method: "POST", url: () => "/api/auth/api-keys", payload: { name: "x" }, ownsResource: false },
    {
      method: "DELETE",
      url: (o) => `/api/auth/api-keys/${o.keyId ?? "00000000-0000-4000-8000-000000000000"}`,
    },
  ]);
});
