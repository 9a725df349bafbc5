import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSessions } from "../db/schema";
import { createTestDatabase, type TestDatabase } from "../testing/test-db";
import { createUser } from "./accounts";
import { scheduleSessionPurge } from "./session-purge";
import { createSession, resolveSession } from "./sessions";
import { hashToken, newToken } from "./tokens";

describe("scheduleSessionPurge", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
  });
  afterAll(async () => {
    await database?.close();
  });

  it("deletes expired sessions on its schedule and keeps live ones", async () => {
    const { db } = database;
    const user = await createUser(db, { email: "purge@example.com", password: "correct horse battery" });
    const live = await createSession(db, user.id);
    const expiredToken = newToken();
    await db.insert(authSessions).values({
      userId: user.id,
      tokenHash: hashToken(expiredToken),
      expiresAt: new Date(Date.now() - 1000),
    });
    const count = async () => (await db.select({ id: authSessions.id }).from(authSessions)).length;
    expect(await count()).toBe(2);

    const job = scheduleSessionPurge(db, pino({ level: "silent" }), { firstRunMs: 0, intervalMs: 60_000 });
    try {
      const deadline = Date.now() + 10_000;
      while ((await count()) > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await job.stop();
    }
    const rows = await db.select({ tokenHash: authSessions.tokenHash }).from(authSessions);
    expect(rows).toEqual([{ tokenHash: hashToken(live.token) }]);
    expect(await resolveSession(db, live.token)).toBe(user.id);
  });
});
