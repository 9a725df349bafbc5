import path from "node:path";
import { fileURLToPath } from "node:url";
import { endInterruptedRuns } from "./agents/runs";
import { buildApp } from "./app";
import { scheduleSessionPurge } from "./auth/session-purge";
import { endInterruptedTurns } from "./chat/recovery";
import { type Config, loadConfig } from "./config";
import { createDeps, createLogger } from "./deps";
import { createNextWeb, type NextWeb } from "./web/next-handler";
import { scheduleWorkspaceGc } from "./workspace/gc-schedule";

/** `apps/server/src` and `apps/server/dist` are both two levels below the repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export function readConfig(): Config {
  return loadConfig(process.env, repoRoot);
}

/**
 * The composition root of a serving process: config → deps → app (+ Next.js) → listen, and the
 * orderly shutdown on SIGTERM/SIGINT.
 */
export async function serve(options: { dev: boolean; web: boolean }): Promise<void> {
  const config = readConfig();
  const log = createLogger(config);
  const deps = await createDeps(config, { log });
  const { host, port } = config.server;
  if (deps.database.driver === "pglite") {
    const ended = await endInterruptedTurns(deps.db, deps.streams);
    if (ended > 0) log.warn({ ended }, "turns cut by the previous run ended as failed (server_restarted)");
    const runs = await endInterruptedRuns(deps.db);
    if (runs > 0) log.warn({ runs }, "agent runs cut by the previous run ended as failed (server_restarted)");
  }

  let web: NextWeb | undefined;
  try {
    if (options.web) {
      // Server components call the API in this same process through this origin.
      process.env.COPILOT_INTERNAL_ORIGIN = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
      // Self-hosted and offline: Next.js must not try to phone home.
      process.env.NEXT_TELEMETRY_DISABLED ??= "1";
      web = await createNextWeb({
        dir: path.join(repoRoot, "apps", "web"),
        dev: options.dev,
        hostname: host,
        port,
      });
    }
  } catch (error) {
    await deps.close();
    throw error;
  }
  const app = await buildApp(deps, { web: web?.handle, dev: options.dev });
  if (web) {
    const upgrade = web.upgrade;
    // Dev HMR websockets go to Next; nothing of ours upgrades.
    app.server.on("upgrade", (request, socket, head) => {
      if (request.url?.startsWith("/api/")) socket.destroy();
      else void upgrade(request, socket, head);
    });
  }
  await app.listen({ host, port });
  // Housekeeping: unref'd timers, stopped (each waiting for a run in progress) before deps close.
  const periodicJobs = [scheduleWorkspaceGc(deps.files, log), scheduleSessionPurge(deps.db, log)];
  log.info(
    {
      url: `http://${host}:${port}`,
      db: deps.database.driver,
      redis: Boolean(deps.redis),
      storage: config.storage.driver,
    },
    "copilot is serving",
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    // A stuck close must not keep the process alive forever.
    setTimeout(() => {
      log.error("shutdown timed out; exiting");
      process.exit(1);
    }, config.server.shutdownGraceMs + 10_000).unref();
    deps.lifecycle.beginShutdown();
    try {
      await deps.drain(config.server.shutdownGraceMs);
      await app.close();
      await web?.close();
      await Promise.all(periodicJobs.map((job) => job.stop()));
      await deps.close();
      log.info("stopped");
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

export { createLogger };
