import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { CHROMIUM_PATH, repoRoot, serverEntry } from "./harness";

declare module "vitest" {
  export interface ProvidedContext {
    /** Why the end-to-end tests cannot run on this machine; empty when they can. */
    e2eSkipReason: string;
  }
}

const isCI = () => ["true", "1"].includes(process.env.CI ?? "");

function redisReachable(timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port: 6379 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function skipReason(mode: string | undefined): Promise<string> {
  if (!existsSync(CHROMIUM_PATH)) return `${CHROMIUM_PATH} not found`;
  if (mode === "redis" && !(await redisReachable()))
    return "Redis not reachable at 127.0.0.1:6379 (E2E_MODE=redis)";
  return "";
}

/** Builds what is stale (scripts/build.mjs skips fresh targets), so tests run the current code. */
function ensureBuilt() {
  const buildScript = path.join(repoRoot, "scripts/build.mjs");
  if (!existsSync(buildScript)) {
    if (existsSync(serverEntry)) {
      console.warn("[e2e] scripts/build.mjs not found; testing the existing build, which may be stale");
      return;
    }
    throw new Error(
      "e2e: scripts/build.mjs not found and there is no build to test (apps/server/dist/cli.js)",
    );
  }
  const started = Date.now();
  const result = spawnSync(process.execPath, [buildScript], { cwd: repoRoot, stdio: "inherit" });
  if (result.status !== 0)
    throw new Error(`e2e: node scripts/build.mjs failed (${result.status ?? result.signal})`);
  console.log(`[e2e] build checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Vitest global setup of the e2e projects. On a machine without Chromium (or, in redis mode, without
 * Redis) the tests skip with a visible line; under CI=true that is a failure instead.
 */
export default async function setup(project: TestProject): Promise<void> {
  const mode = project.config.env?.E2E_MODE ?? process.env.E2E_MODE;
  const reason = await skipReason(mode);
  if (reason) {
    if (isCI()) throw new Error(`e2e: ${reason} (CI=true: missing dependencies fail the run)`);
    console.log(`[skip] e2e: ${reason}`);
    project.provide("e2eSkipReason", reason);
    return;
  }
  ensureBuilt();
  project.provide("e2eSkipReason", "");
}
