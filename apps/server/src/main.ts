import path from "node:path";
import { fileURLToPath } from "node:url";
import { endInterruptedRuns } from "./agents/runs";
import { buildApp } from "./app";
import { scheduleSessionPurge } from "./auth/session-purge";
import { sweepQueuedTurns } from "./chat/queued-turns";
import { endInterruptedTurns } from "./chat/recovery";
import { type Config, loadConfig } from "./config";
import { createDeps, createLogger, type Deps } from "./deps";
import { type PeriodicJob, schedulePeriodic } from "./jobs/periodic";
import { endInterruptedOperations } from "./operations/recovery";
import { createNextWeb, type NextWeb } from "./web/next-handler";
import { scheduleWorkspaceGc } from "./workspace/gc-schedule";

/** `apps/server/src` and `apps/server/dist` are both two levels below the repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export function readConfig(): Config {
  return loadConfig(process.env, repoRoot);
}

/** An API-only process needs a queue other processes' workers read. */
export class RoleError extends Error {
  override name = "RoleError";
}

/**
 * The composition root of a serving process: config → deps → app (+ Next.js) → listen, and the
 * orderly shutdown on SIGTERM/SIGINT. With `worker` (the default) the process also runs turns;
 * without, it only accepts them (docs/operations.md).
 */
export async function serve(options: { dev: boolean; web: boolean; worker: boolean }): Promise<void> {
  const config = readConfig();
  if (!options.worker && !sharedQueue(config))
    throw new RoleError(
      "--no-worker needs REDIS_URL and DATABASE_URL: without both, the turn queue lives in this process",
    );
  const log = createLogger(config);
  const deps = await createDeps(config, { log, worker: options.worker });
  const { host, port } = config.server;
  await recoverEmbedded(deps);

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
  const periodicJobs = [
    scheduleWorkspaceGc(deps.files, log),
    scheduleSessionPurge(deps.db, log),
    scheduleTurnSweep(deps),
  ];
  log.info(
    {
      url: `http://${host}:${port}`,
      db: deps.database.driver,
      redis: Boolean(deps.redis),
      storage: config.storage.driver,
      worker: deps.worker ? config.worker.concurrency : 0,
    },
    "copilot is serving",
  );
  onSignals(deps, async () => {
    // Open SSE responses end (with their last id) so clients re-attach elsewhere; turns finish
    // for the grace, then go back to the queue (BullMQ) or end cleanly (in process).
    deps.lifecycle.beginShutdown();
    await deps.drain(config.server.shutdownGraceMs);
    await app.close();
    await web?.close();
    await Promise.all(periodicJobs.map((job) => job.stop()));
  });
}

/**
 * `copilot worker`: runs turns from the shared queue, `WORKER_CONCURRENCY` at once, and serves no
 * HTTP. SIGTERM stops taking jobs, lets running turns finish for `SHUTDOWN_GRACE_MS`, then hands
 * the rest back so another worker continues them at once.
 */
export async function work(): Promise<void> {
  const config = readConfig();
  if (!sharedQueue(config))
    throw new RoleError(
      "copilot worker needs REDIS_URL and DATABASE_URL: it takes turns from the shared queue",
    );
  const log = createLogger(config);
  const deps = await createDeps(config, { log, worker: true });
  const sweep = scheduleTurnSweep(deps);
  log.info({ concurrency: config.worker.concurrency, db: deps.database.driver }, "copilot worker is running");
  onSignals(deps, async () => {
    deps.lifecycle.beginShutdown();
    await deps.drain(config.server.shutdownGraceMs);
    await sweep.stop();
  });
}

/** Turns go through BullMQ, which other processes share, only with Redis and PostgreSQL both set. */
function sharedQueue(config: Config): boolean {
  return config.redis !== null && config.database.driver === "postgres";
}

/** The single embedded process owns every task in its folder: what a crash cut is ended now. */
async function recoverEmbedded(deps: Deps): Promise<void> {
  if (deps.database.driver !== "pglite") return;
  const ended = await endInterruptedTurns(deps.db, deps.streams);
  if (ended > 0) deps.log.warn({ ended }, "turns cut by the previous run ended as failed (server_restarted)");
  const runs = await endInterruptedRuns(deps.db);
  if (runs > 0)
    deps.log.warn({ runs }, "agent runs cut by the previous run ended as failed (server_restarted)");
  const operations = await endInterruptedOperations(deps.operations);
  if (operations > 0)
    deps.log.warn({ operations }, "operations cut by the previous run end as failed (server_restarted)");
}

/** Queue timeouts and turns whose job vanished (`sweepQueuedTurns`), every few seconds in every process. */
function scheduleTurnSweep(deps: Deps): PeriodicJob {
  // Often enough that a queue timeout is honoured within half of it (at most every 10 s).
  const everyMs = Math.min(10_000, Math.max(500, (deps.config.turns.queueTimeoutSeconds * 1000) / 2));
  return schedulePeriodic(
    () =>
      sweepQueuedTurns(deps, deps.config.turns.queueTimeoutSeconds).then(
        () => {},
        (error: unknown) => deps.log.warn({ err: error }, "turn sweep failed; the next one retries"),
      ),
    { intervalMs: everyMs, firstRunMs: everyMs },
  );
}

/** SIGTERM/SIGINT run `stop` once, then close the deps and exit; a stuck stop cannot hang forever. */
function onSignals(deps: Deps, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal }, "shutting down");
    setTimeout(() => {
      deps.log.error("shutdown timed out; exiting");
      process.exit(1);
    }, deps.config.server.shutdownGraceMs + 10_000).unref();
    try {
      await stop();
      await deps.close();
      deps.log.info("stopped");
      process.exit(0);
    } catch (error) {
      deps.log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

export { createLogger };
