import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, modeAvailable, type TestApp, testMode } from "../testing/test-app";

const available = await modeAvailable();
const PASSWORD = "correct horse battery";

/** Issue 10, findings 3, 4 and 6: budgets that hold under concurrency and cannot lock an owner out. */
describe.skipIf(!available)("login and signup limits", () => {
  let t: TestApp;
  let proxied: TestApp;
  let users = 0;

  beforeAll(async () => {
    // 3 per (account, address), so 15 per address and per account; signups 6 per address. Small
    // budgets keep the number of real password hashes (~200 ms each) low.
    const env = { AUTH_LOGIN_MAX_PER_MINUTE: "3", AUTH_SIGNUP_MAX_PER_HOUR: "6" };
    t = await createTestApp({ env });
    proxied = await createTestApp({ shareWith: t, env: { ...env, TRUST_PROXY: "1" } });
  });
  afterAll(async () => {
    await proxied?.close();
    await t?.close();
  });

  /** A new account, signed up from an address of its own (the signup limit is per address). */
  async function account(): Promise<string> {
    const email = `limits${++users}-${process.pid}-${Date.now()}@example.com`;
    const response = await t.app.inject({
      method: "POST",
      url: "/api/auth/signup",
      payload: { email, password: PASSWORD },
      remoteAddress: `10.200.0.${users}`,
    });
    expect(response.statusCode, response.body).toBe(201);
    return email;
  }
  const login = (app: TestApp, email: string, password: string, remoteAddress: string, headers = {}) =>
    app.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email, password },
      remoteAddress,
      headers,
    });
  const statuses = (responses: Array<{ statusCode: number }>) => {
    const count: Record<number, number> = {};
    for (const response of responses) count[response.statusCode] = (count[response.statusCode] ?? 0) + 1;
    return count;
  };

  it("50 wrong passwords at once: at most the budget is checked, the rest answer 429", async () => {
    const email = await account();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => login(t, email, "wrong password", "10.1.0.1")),
    );
    const count = statuses(responses);
    expect(count[401]).toBeLessThanOrEqual(3);
    expect(count[429]).toBeGreaterThanOrEqual(47);
    expect(Object.keys(count).sort()).toEqual(["401", "429"]);
    const limited = responses.find((response) => response.statusCode === 429);
    expect(Number(limited?.headers["retry-after"])).toBeGreaterThan(0);
  });

  it.skipIf(testMode === "embedded")("the budget holds across two processes sharing Redis", async () => {
    const email = await account();
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        login(index % 2 ? t : proxied, email, "wrong password", "10.1.0.2"),
      ),
    );
    const count = statuses(responses);
    expect(count[401]).toBeLessThanOrEqual(3);
    expect(count[429]).toBeGreaterThanOrEqual(37);
  });

  it("wrong passwords from one address do not lock the owner out from another", async () => {
    const email = await account();
    for (let i = 0; i < 3; i++)
      expect((await login(t, email, "wrong password", "10.1.1.1")).statusCode).toBe(401);
    expect((await login(t, email, "wrong password", "10.1.1.1")).statusCode).toBe(429);
    expect((await login(t, email, PASSWORD, "10.1.1.2")).statusCode).toBe(200);
  });

  it("failures on unknown emails limit only the address that sent them", async () => {
    const email = await account();
    const sprayed = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        login(t, `nobody${i}-${Date.now()}@example.com`, "wrong password", "10.1.2.1"),
      ),
    );
    expect(statuses(sprayed)[429]).toBeGreaterThan(0);
    expect((await login(t, email, PASSWORD, "10.1.2.2")).statusCode).toBe(200);
  });

  it("an account guessed from many addresses is slowed, not locked: the owner gets in within seconds", async () => {
    const email = await account();
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(t, email, "wrong password", `10.3.0.${i}`)),
    );
    // Past the account-wide budget only a trickle (one per 2 s) is checked.
    expect(statuses(guesses)[429]).toBeGreaterThanOrEqual(4);
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (status !== 200 && Date.now() < deadline) {
      const response = await login(t, email, PASSWORD, "10.4.0.1");
      status = response.statusCode;
      if (status === 429) {
        expect(Number(response.headers["retry-after"])).toBeLessThanOrEqual(2);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    expect(status).toBe(200);
  });

  it("X-Forwarded-For is ignored unless TRUST_PROXY is set", async () => {
    const email = await account();
    // Not trusted: every forged address is the one real peer, which gets its budget of 3.
    for (let i = 0; i < 3; i++) {
      const forged = { "x-forwarded-for": `198.51.100.${i}` };
      expect((await login(t, email, "wrong password", "10.5.0.1", forged)).statusCode).toBe(401);
    }
    expect(
      (await login(t, email, "wrong password", "10.5.0.1", { "x-forwarded-for": "198.51.100.99" }))
        .statusCode,
    ).toBe(429);
    // TRUST_PROXY=1: behind one proxy, each client's forwarded address has a budget of its own.
    const other = await account();
    const viaProxy = (client: string, password: string) =>
      login(proxied, other, password, "127.0.0.1", { "x-forwarded-for": client });
    for (let i = 0; i < 3; i++)
      expect((await viaProxy("203.0.113.1", "wrong password")).statusCode).toBe(401);
    expect((await viaProxy("203.0.113.1", "wrong password")).statusCode).toBe(429);
    expect((await viaProxy("203.0.113.2", PASSWORD)).statusCode).toBe(200);
  });

  it("signups are limited per address, taken emails included", async () => {
    const email = await account();
    const attempt = (address: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/auth/signup",
        payload: { email: email.toUpperCase(), password: PASSWORD },
        remoteAddress: address,
      });
    for (let i = 0; i < 6; i++) expect((await attempt("10.6.0.1")).statusCode).toBe(409);
    const limited = await attempt("10.6.0.1");
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect((await attempt("10.6.0.2")).statusCode).toBe(409);
  });
});
