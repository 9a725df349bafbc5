import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type Browser, chromium } from "playwright-core";

export const repoRoot = path.resolve(import.meta.dirname, "../../..");
export const serverEntry = path.join(repoRoot, "apps/server/dist/cli.js");

/**
 * Debian's Chromium: browser downloads are impossible here, so Playwright drives the system one.
 * CHROMIUM_PATH overrides it (another distribution, or checking the skip path).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const REDIS_URL = "redis://127.0.0.1:6379";

export type RunningApp = {
  /** e.g. http://127.0.0.1:41234 — also the APP_ORIGIN the server derives, so CSRF checks pass. */
  baseUrl: string;
  /** The last lines the server printed; worth showing when a test fails. */
  logs(): string;
  /**
   * SIGTERM, wait for the exit (SIGKILL after a grace period), remove the data folder (unless it
   * was passed in as `dataDir`). Idempotent.
   */
  stop(): Promise<void>;
};

export type StartOptions = {
  /** Extra or overriding environment for the server process. */
  env?: Record<string, string>;
  /** How long to wait for GET /healthz; default 60 s. */
  readyTimeoutMs?: number;
  /**
   * Use this DATA_DIR instead of a fresh temporary one, e.g. to start again on the state a stopped
   * app left (a restart). The caller owns the folder: stop() leaves it in place.
   */
  dataDir?: string;
};

// Settings a developer's shell or CI may carry that would point the server at other services or
// another port; the harness decides these itself. Vitest's own variables (NODE_ENV=test, VITEST…)
// must not reach a production server either.
const INHERITED_BUT_OURS =
  /^(HOST|PORT|APP_ORIGIN|DATA_DIR|DATABASE_URL|REDIS_URL|REDIS_KEY_PREFIX|STORAGE_DRIVER|S3_\w+|GCS_\w+|GOOGLE_APPLICATION_CREDENTIALS|MODEL_\w+|OPENAI_API_KEY|ANTHROPIC_API_KEY|COPILOT_\w+|NODE_ENV|VITEST\w*|TEST)$/;

/** A port that was free a moment ago (the OS picks it); the server binds it right after. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("could not pick a free port"))));
    });
  });
}

function serverEnv(port: number, dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const inherited: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!INHERITED_BUT_OURS.test(key)) inherited[key] = value;
  }
  // A prefix of its own per server, so parallel runs and leftovers never meet.
  const redis =
    process.env.E2E_MODE === "redis" ? { REDIS_URL, REDIS_KEY_PREFIX: `copilot-e2e:${randomUUID()}:` } : {};
  return {
    ...inherited,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    // Suites sign up many users from 127.0.0.1; the signup limit has its own server test.
    AUTH_SIGNUP_MAX_PER_HOUR: "100000",
    ...redis,
    ...extra,
  };
}

/** Keeps the last `limit` lines of a stream, for failure reports. */
function tail(limit: number) {
  const lines: string[] = [];
  return {
    push(chunk: Buffer) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      if (lines.length > limit) lines.splice(0, lines.length - limit);
    },
    text: () => lines.join("\n"),
  };
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Polls GET /healthz until it answers 200, the process exits, or the deadline passes. */
async function waitUntilHealthy(baseUrl: string, child: ChildProcess, timeoutMs: number, logs: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${logs()}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`server not healthy within ${timeoutMs} ms:\n${logs()}`);
}

/**
 * Starts the production server (`node apps/server/dist/cli.js serve`, built beforehand by the
 * global setup) on its own port with a throw-away DATA_DIR; in E2E_MODE=redis it also uses Redis
 * with a unique key prefix. Resolves once /healthz answers.
 */
export async function startApp(options: StartOptions = {}): Promise<RunningApp> {
  const port = await freePort();
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), "copilot-e2e-")));
  const baseUrl = `http://127.0.0.1:${port}`;
  const output = tail(200);
  const child = spawn(process.execPath, [serverEntry, "serve"], {
    cwd: repoRoot,
    env: serverEnv(port, dataDir, options.env ?? {}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", output.push);
  child.stderr?.on("data", output.push);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      if (!child.killed && child.exitCode === null) child.kill("SIGTERM");
      // The server gives running turns SHUTDOWN_GRACE_MS (10 s by default) before it exits.
      if (!(await waitForExit(child, 20_000))) {
        child.kill("SIGKILL");
        await waitForExit(child, 5_000);
      }
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  try {
    await waitUntilHealthy(baseUrl, child, options.readyTimeoutMs ?? 60_000, output.text);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, logs: output.text, stop };
}

/** Headless Debian Chromium, with everything that would reach the network switched off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
