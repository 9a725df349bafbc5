#!/usr/bin/env node
// `npm run cluster`: a scaled deployment on this machine — two API processes without workers
// (ports 3000 and 3001, each serving the web app) and two worker processes, sharing PostgreSQL
// (DATABASE_URL, default a `copilot_cluster` database on 127.0.0.1, created when missing) and
// Redis (REDIS_URL, default 127.0.0.1:6379). Ctrl-C stops everything. docs/operations.md.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { ensureBuilt, root } from "./build.mjs";

const ports = [3000, 3001];
const workerCount = 2;
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? "postgres://127.0.0.1:5432/copilot_cluster",
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  DATA_DIR: process.env.DATA_DIR ?? path.join(root, "data", "cluster"),
  HOST: process.env.HOST ?? "127.0.0.1",
};
// One deployment, two doors: either origin may send state-changing requests.
env.APP_ORIGIN ??= ports.map((port) => `http://${env.HOST}:${port}`).join(",");

try {
  ensureBuilt();
} catch (error) {
  console.error(`[cluster] ${error.message}`);
  process.exit(1);
}
await ensureDatabase(env.DATABASE_URL);
const cli = path.join(root, "apps/server/dist/cli.js");
const migrated = spawnSync(process.execPath, [cli, "migrate"], { env, stdio: "inherit" });
if (migrated.status !== 0) process.exit(migrated.status ?? 1);

const children = [];
function run(name, args, extraEnv = {}) {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = (stream, out) => {
    let rest = "";
    stream.on("data", (data) => {
      const lines = (rest + data).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on("exit", (code, signal) => {
    console.log(`[cluster] ${name} exited (${signal ?? code})`);
    if (!stopping) stop(1);
  });
  children.push(child);
}

for (const port of ports) run(`api:${port}`, ["serve", "--no-worker"], { PORT: String(port) });
for (let index = 1; index <= workerCount; index++) run(`worker:${index}`, ["worker"]);
console.log(
  `[cluster] open ${ports.map((port) => `http://${env.HOST}:${port}`).join(" or ")} — Ctrl-C stops everything`,
);

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log("[cluster] stopping");
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  Promise.all(
    children.map((child) => (child.exitCode !== null ? null : new Promise((r) => child.once("exit", r)))),
  ).then(() => process.exit(code));
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

/** Creates the database named in `url` when it does not exist (the server migrates it). */
async function ensureDatabase(url) {
  const pg = createRequire(path.join(root, "apps/server/package.json"))("pg");
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) {
      await client.query(`create database "${name.replaceAll('"', '""')}"`);
      console.log(`[cluster] created database ${name}`);
    }
  } catch (error) {
    console.error(`[cluster] DATABASE_URL: cannot prepare ${name} (${error.message})`);
    process.exit(1);
  } finally {
    await client.end().catch(() => {});
  }
}
