import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

/**
 * The processes a scenario measures: the two reference servers and the project's real server
 * (`copilot serve --no-web` from the built bundle, as `npm start` runs it), each fresh per run on
 * a free loopback port.
 */
export const root = path.resolve(import.meta.dirname, "..", "..");
const tsx = ["--import", "tsx"];
const serverBundle = path.join(root, "apps/server/dist/cli.js");

/**
 * Builds the server bundle when it is missing or older than its sources. Until 2026-12-06 the bench
 * ran the server from source through tsx, whose in-process transform added ~95 MiB to every RSS
 * figure (idle: 236 MiB from source, 141 MiB built) and measured a process no deployment runs.
 */
export function ensureServerBuilt() {
  const result = spawnSync(process.execPath, [path.join(root, "scripts/build.mjs"), "--only=server"], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`server build failed (${result.status ?? result.signal})`);
}

/**
 * The Node.js that runs the measured servers. The project supports Node 22 and 24 (package.json
 * `engines`); a machine whose own Node is older (this one has 20) gets 24 from the registry's
 * `node` package, as the test suite does. Web streams, which every turn's AI SDK pipeline is made
 * of, cost ~2.2× as much CPU on Node 20 as on 24 (`npm run bench:pipeline`), so figures taken on
 * an unsupported Node say little about a deployment.
 */
export function resolveServerNode(requested: string | undefined): { path: string; version: string } {
  const major = Number(process.versions.node.split(".")[0]);
  const wanted = requested ?? (major >= 22 ? "current" : "24");
  if (wanted === "current") return { path: process.execPath, version: process.version };
  const result = spawnSync(
    "npx",
    ["-y", `node@${wanted}`, "-p", "process.execPath + ' ' + process.version"],
    {
      encoding: "utf8",
    },
  );
  const [found, version] = (result.stdout ?? "").trim().split(" ");
  if (result.status !== 0 || !found || !version)
    throw new Error(`could not get node@${wanted} from the registry: ${result.stderr}`);
  return { path: found, version };
}

export type Target = {
  base: string;
  pid: number;
  /** A split deployment's worker process (see `ProjectOptions.split`). */
  workerPid?: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
};

function stopper(child: ChildProcess, cleanup?: () => Promise<void>) {
  return async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await cleanup?.();
  };
}

/** Floor or resumable-stream server: a tsx script that prints `READY <port>`. */
export async function startReference(
  kind: "floor" | "resumable",
  env: Record<string, string>,
  node: string,
): Promise<Target> {
  const child = spawn(node, [...tsx, path.join(root, "bench/streams", `${kind}-server.ts`)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let text = "";
    child.stdout?.on("data", (piece: Buffer) => {
      text += piece.toString();
      const match = /READY (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`${kind} server exited (${code})`)));
  });
  return { base: `http://127.0.0.1:${port}`, pid: child.pid!, stop: stopper(child) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

const postgresAdmin = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A fresh PostgreSQL database for one run; `drop()` removes it. */
export async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `copilot_bench_${randomBytes(5).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: postgresAdmin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(postgresAdmin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export type ProjectOptions = {
  mode: "embedded" | "redis";
  /** The node binary that runs the server (see `resolveServerNode`). */
  node: string;
  delayMs: number;
  redisUrl: string;
  keyPrefix: string;
  databaseUrl?: string;
  env?: Record<string, string>;
  cpuProfDir?: string;
  /**
   * Redis mode only: the server answers HTTP with no worker inside (`serve --no-worker`) and a
   * `copilot worker` process beside it runs the turns, as a scaled deployment does; the target's
   * pid is the API process's, `workerPid` the worker's.
   */
  split?: boolean;
};

function projectEnv(options: ProjectOptions, port: number, dataDir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    OFFLINE_MODEL_DELAY_MS: String(options.delayMs),
    AUTH_SIGNUP_MAX_PER_HOUR: "100000",
    // One bench user owns every turn of a scenario: the per-user cap would refuse all but 4.
    TURNS_MAX_PER_USER: "100000",
    SHUTDOWN_GRACE_MS: "1000",
    ...(options.mode === "redis"
      ? {
          REDIS_URL: options.redisUrl,
          REDIS_KEY_PREFIX: options.keyPrefix,
          DATABASE_URL: options.databaseUrl ?? "",
        }
      : {}),
    ...options.env,
  };
}

/** The real server, headless, with a temp DATA_DIR; resolves once /readyz answers 200. */
export async function startProject(options: ProjectOptions): Promise<Target> {
  if (options.split && options.mode !== "redis") throw new Error("only a Redis deployment splits");
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "copilot-bench-"));
  const env = projectEnv(options, port, dataDir) as NodeJS.ProcessEnv;
  const profile = options.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const serveArgs = ["serve", "--no-web", ...(options.split ? ["--no-worker"] : [])];
  const child = spawn(options.node, [...profile, serverBundle, ...serveArgs], {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  // The worker shares the database, Redis prefix and DATA_DIR (workspace files) with the API.
  const worker = options.split
    ? spawn(options.node, [serverBundle, "worker"], {
        cwd: root,
        env,
        stdio: ["ignore", "inherit", "inherit"],
      })
    : null;
  const stopWorker = worker ? stopper(worker) : async () => {};
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited during startup (${child.exitCode})`);
    if (worker && worker.exitCode !== null)
      throw new Error(`worker exited during startup (${worker.exitCode})`);
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      worker?.kill("SIGKILL");
      throw new Error("server did not become ready in 90 s");
    }
    await sleep(200);
  }
  return {
    base,
    pid: child.pid!,
    ...(worker?.pid ? { workerPid: worker.pid } : {}),
    stop: stopper(child, async () => {
      await stopWorker();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }),
  };
}
