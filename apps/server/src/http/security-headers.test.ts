import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../app";
import { createTestApp, type TestApp, type TestUser } from "../testing/test-app";

/** Headers every page and API answer carries (issue 10, finding 8; docs/security.md). */
describe("security headers", () => {
  let t: TestApp;
  let user: TestUser;
  let withWeb: App;

  beforeAll(async () => {
    t = await createTestApp({ mode: "embedded" });
    user = await t.signup();
    // A stand-in for Next.js: the headers must be there whatever the page handler writes.
    withWeb = await buildApp(t.deps, {
      web: async (_request, response) => {
        response.setHeader("content-type", "text/html; charset=utf-8");
        response.end("<!doctype html><title>x</title>");
      },
    });
    await withWeb.ready();
  });
  afterAll(async () => {
    await withWeb?.close();
    await t?.close();
  });

  it("HTML pages get a CSP, frame and referrer policies and nosniff", async () => {
    const response = await withWeb.inject({ method: "GET", url: "/chat" });
    expect(response.statusCode).toBe(200);
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(response.headers["x-frame-options"]).toBe("DENY");
    expect(response.headers["referrer-policy"]).toBe("same-origin");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("API JSON is never cached and is nosniff", async () => {
    const me = await t.app.inject({ method: "GET", url: "/api/auth/me", headers: user.headers });
    expect(me.statusCode).toBe(200);
    expect(me.headers["cache-control"]).toBe("no-store");
    expect(me.headers["x-content-type-options"]).toBe("nosniff");
    const refused = await t.app.inject({ method: "GET", url: "/api/auth/me" });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers["cache-control"]).toBe("no-store");
  });
});
