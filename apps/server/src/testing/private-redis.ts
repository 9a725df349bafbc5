import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort } from "./cli-process";

/**
 * A `redis-server` of a test's own on a free port, for tests that kill and restart Redis (never the
 * machine's shared one). `persistent`: append-only file fsynced on every write in a temporary
 * folder, so a kill loses nothing and a restart brings the data back; otherwise a restart is empty.
 */
export type PrivateRedis = {
  url: string;
  port: number;
  /** SIGKILL, as a crash: no shutdown save. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port (and folder); resolves once it accepts connections. */
  start(): Promise<void>;
  close(): Promise<void>;
};

export async function redisServerInstalled(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn("redis-server", ["--version"], { stdio: "ignore" });
    child.once("error", () => resolve(false));
    child.once("exit", (code) => resolve(code === 0));
  });
}

export async function startPrivateRedis(options: { persistent: boolean }): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "copilot-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir];
  args.push(
    ...(options.persistent ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]),
  );
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  async function start() {
    const spawned = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    child = spawned;
    let output = "";
    spawned.stdout?.on("data", (data: Buffer) => {
      output += data;
    });
    exited = new Promise((resolve) => spawned.once("exit", () => resolve()));
    const deadline = Date.now() + 10_000;
    while (!output.includes("Ready to accept connections")) {
      if (spawned.exitCode !== null) throw new Error(`redis-server exited: ${output}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function kill() {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
    child = null;
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    start,
    async close() {
      await kill();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
