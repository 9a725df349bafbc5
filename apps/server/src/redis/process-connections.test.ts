import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRedisUrl } from "../testing/services";
import { createTestApp, modeAvailable, type TestApp } from "../testing/test-app";
import { createRedis } from "./connection";

const available = await modeAvailable("scaled");

/**
 * What one scaled process holds open on Redis, by name (`copilot:<role>:<pid>`): one connection for
 * plain commands shared by the limiter, the stream store and the job queue's scripts, the stream
 * store's blocking reader and its cancel subscriber. BullMQ's own queue and worker connections come
 * on top (docs/streaming.md). A component that opens its own again shows up here.
 */
describe.runIf(available)("a scaled process's Redis connections", () => {
  let t: TestApp;
  let admin: Redis;

  beforeAll(async () => {
    admin = createRedis(testRedisUrl, "connections-test-admin");
    t = await createTestApp({ mode: "scaled" });
  });
  afterAll(async () => {
    await t?.close();
    await admin?.quit();
  });

  async function ourConnections(): Promise<string[]> {
    const list = String(await admin.client("LIST"));
    return list
      .split("\n")
      .map((line) => /name=(\S+)/.exec(line)?.[1] ?? "")
      .filter((name) => name.startsWith("copilot:") && name.endsWith(`:${process.pid}`))
      .filter((name) => !name.includes("test-admin"))
      .sort();
  }

  it("shares one command connection, after a turn and a login attempt used it", async () => {
    const user = await t.signup();
    const sessionId = await t.newSession(user);
    await t.listen();
    const turn = await t.postTurn(user, sessionId, { message: "hello" });
    await turn.ended;
    expect(turn.done).toBe(true);
    await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { origin: t.origin },
      payload: { email: user.email, password: "not the password" },
    });
    const pid = process.pid;
    expect(await ourConnections()).toEqual([
      `copilot:command:${pid}`,
      `copilot:streams-cancel:${pid}`,
      `copilot:streams-reader:${pid}`,
    ]);
  });
});
