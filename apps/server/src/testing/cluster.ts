import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type CliProcess, freePort, runCli, waitForHttp } from "./cli-process";
import { type PrivateRedis, startPrivateRedis } from "./private-redis";
import { uniquePrefix } from "./services";
import { createTestDatabase, type TestDatabase } from "./test-db";

/**
 * A scaled deployment on loopback for fault tests (issue 8): API-only processes
 * (`serve --no-worker`) and `worker` processes started from source as children, sharing a
 * PostgreSQL database of the test's own and a private `redis-server` (which a test may kill).
 */
export type Api = { process: CliProcess; port: number; url: string };

export type Cluster = {
  apis: Api[];
  workers: CliProcess[];
  redis: PrivateRedis;
  database: TestDatabase;
  env: Record<string, string>;
  startApi(): Promise<Api>;
  /** Starts a worker and waits until the queue counts it. */
  startWorker(): Promise<CliProcess>;
  /** Live workers as `/readyz` of the first API reports them. */
  workerCount(): Promise<number | null>;
  close(): Promise<void>;
};

export async function startCluster(options: {
  apis: number;
  workers: number;
  env?: Record<string, string>;
  persistentRedis?: boolean;
}): Promise<Cluster> {
  const redis = await startPrivateRedis({ persistent: options.persistentRedis ?? false });
  const database = await createTestDatabase("postgres");
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "copilot-cluster-"));
  const ports = await Promise.all(Array.from({ length: options.apis + 1 }, () => freePort()));
  const env: Record<string, string> = {
    DATABASE_URL: database.url ?? "",
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: uniquePrefix("cluster"),
    DATA_DIR: dataDir,
    APP_ORIGIN: ports.map((port) => `http://127.0.0.1:${port}`).join(","),
    AUTH_SIGNUP_MAX_PER_HOUR: "1000",
    // A dead worker's turn moves on after about lock + interval: short, so tests stay quick.
    WORKER_LOCK_MS: "2000",
    WORKER_STALLED_INTERVAL_MS: "500",
    SHUTDOWN_GRACE_MS: "500",
    LOG_LEVEL: "warn",
    ...options.env,
  };
  const apis: Api[] = [];
  const workers: CliProcess[] = [];
  let nextPort = 0;

  const cluster: Cluster = {
    apis,
    workers,
    redis,
    database,
    env,
    async startApi() {
      const port = ports[nextPort++] ?? (await freePort());
      const child = runCli(["serve", "--no-web", "--no-worker"], { ...env, PORT: String(port) });
      const url = `http://127.0.0.1:${port}`;
      await waitForHttp(`${url}/readyz`, 60_000, child.exited);
      const api = { process: child, port, url };
      apis.push(api);
      return api;
    },
    async startWorker() {
      const before = (await cluster.workerCount()) ?? 0;
      const child = runCli(["worker"], env);
      workers.push(child);
      const deadline = Date.now() + 60_000;
      while (((await cluster.workerCount()) ?? 0) <= before) {
        if (child.child.exitCode !== null) throw new Error(`worker exited: ${child.output()}`);
        if (Date.now() > deadline) throw new Error(`worker not counted within 60 s: ${child.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return child;
    },
    async workerCount() {
      const api = apis[0];
      if (!api) return null;
      try {
        const ready = (await (await fetch(`${api.url}/readyz`)).json()) as {
          queue?: { workers?: number | null };
        };
        return ready.queue?.workers ?? null;
      } catch {
        return null;
      }
    },
    async close() {
      const all = [...apis.map((api) => api.process), ...workers];
      for (const child of all) if (child.child.exitCode === null) child.child.kill("SIGKILL");
      await Promise.all(all.map((child) => child.exited));
      await database.close();
      await redis.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  try {
    for (let index = 0; index < options.apis; index++) await cluster.startApi();
    for (let index = 0; index < options.workers; index++) await cluster.startWorker();
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}
