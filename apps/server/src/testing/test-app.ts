import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LanguageModel } from "ai";
import { type App, buildApp } from "../app";
import { loadConfig } from "../config";
import { createDeps, type Deps } from "../deps";
import { repoRoot } from "../main";
import { createFileStore } from "../workspace/stores/create-file-store";
import type { FileStore } from "../workspace/stores/file-store";
import { deletePrefixedKeys, serviceAvailable, testRedisUrl, uniquePrefix } from "./services";
import { openSse, type SseCapture } from "./sse-client";
import { createTestDatabase, type TestDatabase } from "./test-db";

/**
 * `embedded`: PGlite in memory, in-process streams, local files. `scaled`: a PostgreSQL database of
 * its own and Redis under a unique key prefix. `*.modes.test.ts` files run once per mode.
 */
export type TestMode = "embedded" | "scaled";
export const testMode: TestMode = process.env.COPILOT_TEST_MODE === "scaled" ? "scaled" : "embedded";

/** Whether this mode's services answer (skips visibly, or fails under CI, when they do not). */
export async function modeAvailable(mode: TestMode = testMode): Promise<boolean> {
  if (mode === "embedded") return true;
  return (await serviceAvailable("postgres")) && (await serviceAvailable("redis"));
}

export type TestUser = { id: string; email: string; cookie: string; headers: Record<string, string> };

export type TestApp = {
  app: App;
  deps: Deps;
  /** The raw store under `deps.files`, for tests that look at the blobs themselves. */
  fileStore: FileStore;
  origin: string;
  dataDir: string;
  database: TestDatabase;
  redisPrefix: string;
  signup(email?: string): Promise<TestUser>;
  /** A new chat of `user` (through the route); its id. */
  newSession(user: TestUser): Promise<string>;
  /** Listens on an ephemeral loopback port (for streaming over real HTTP); returns the base URL. */
  listen(): Promise<string>;
  /**
   * `POST /api/chat/sessions/{id}/stream` over real HTTP (after `listen()`), as `user`; the SSE
   * capture of the turn it starts (or the error response).
   */
  postTurn(user: TestUser, sessionId: string, body: object): Promise<SseCapture>;
  close(): Promise<void>;
};

let counter = 0;

export type TestAppOptions = {
  mode?: TestMode;
  env?: Record<string, string>;
  model?: LanguageModel;
  /** The model naming chats (default: none, titles stay the first message). */
  titleModel?: LanguageModel;
  /** Another app's database and Redis prefix: a second "process" sharing state with the first. */
  shareWith?: TestApp;
};

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const mode = options.mode ?? testMode;
  const dataDir = options.shareWith?.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), "copilot-test-")));
  const prefix = options.shareWith?.redisPrefix ?? uniquePrefix("app");
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    PORT: "3999",
    // Suites sign up many users from one address; the signup limit has its own test.
    AUTH_SIGNUP_MAX_PER_HOUR: "100000",
    ...(mode === "scaled" ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: prefix } : {}),
    ...options.env,
  };
  const config = loadConfig(env, repoRoot);
  const shared = options.shareWith;
  const database = shared?.database ?? (await createTestDatabase(mode === "scaled" ? "postgres" : "pglite"));
  const fileStore = createFileStore(config.storage);
  const deps = await createDeps(config, {
    database,
    fileStore,
    model: options.model,
    titleModel: options.titleModel ?? null,
  });
  const app = await buildApp(deps);
  await app.ready();
  const origin = config.server.appOrigins[0] ?? "http://127.0.0.1:3999";
  let baseUrl: string | null = null;

  return {
    app,
    deps,
    fileStore,
    origin,
    dataDir,
    database,
    redisPrefix: prefix,
    async listen() {
      await app.listen({ host: "127.0.0.1", port: 0 });
      const address = app.server.address();
      if (!address || typeof address === "string") throw new Error("not listening");
      baseUrl = `http://127.0.0.1:${address.port}`;
      return baseUrl;
    },
    async newSession(user) {
      const response = await app.inject({
        method: "POST",
        url: "/api/chat/sessions",
        headers: user.headers,
        payload: {},
      });
      if (response.statusCode !== 201)
        throw new Error(`create session failed: ${response.statusCode} ${response.body}`);
      return (response.json() as { id: string }).id;
    },
    postTurn(user, sessionId, body) {
      if (!baseUrl) throw new Error("postTurn needs listen() first");
      return openSse(`${baseUrl}/api/chat/sessions/${sessionId}/stream`, {
        method: "POST",
        headers: { ...user.headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    },
    async signup(email = `user${++counter}-${process.pid}@example.com`) {
      const response = await app.inject({
        method: "POST",
        url: "/api/auth/signup",
        payload: { email, password: "correct horse battery" },
      });
      if (response.statusCode !== 201)
        throw new Error(`signup failed: ${response.statusCode} ${response.body}`);
      const cookie = sessionCookie(response);
      const id = (response.json() as { user: { id: string } }).user.id;
      return { id, email, cookie, headers: { cookie, origin } };
    },
    async close() {
      deps.lifecycle.beginShutdown();
      await deps.drain(0);
      await app.close();
      if (shared) {
        await deps.close();
        await fileStore.close();
        return;
      }
      if (deps.redis) await deletePrefixedKeys(deps.redis, prefix);
      await deps.close();
      await fileStore.close();
      await database.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** `copilot_session=…` from a response's Set-Cookie, ready for a Cookie header. */
export function sessionCookie(response: { cookies: Array<{ name: string; value: string }> }): string {
  const cookie = response.cookies.find((entry) => entry.name === "copilot_session");
  if (!cookie) throw new Error("no session cookie in response");
  return `copilot_session=${cookie.value}`;
}
