import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../main";

/**
 * Runs the CLI from source (tsx) as a child process with a given environment: the same entry
 * point `npm start` runs from the bundle.
 */
export type CliProcess = {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
};

export function runCli(args: string[], env: Record<string, string>, input?: string): CliProcess {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(repoRoot, "apps/server/src/cli.ts"), ...args],
    {
      cwd: repoRoot,
      // Only what the test passes, so a developer's own settings (REDIS_URL…) never leak in.
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        LOG_LEVEL: "warn",
        NODE_ENV: "production",
        ...env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (data: Buffer) => {
    output += data;
  });
  child.stderr?.on("data", (data: Buffer) => {
    output += data;
  });
  if (input !== undefined) child.stdin?.end(input);
  else child.stdin?.end();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>(
    (resolve) => {
      child.once("exit", (code, signal) => resolve({ code, signal, ms: Date.now() - started }));
    },
  );
  return { child, output: () => output, exited };
}

/** Polls `url` until it answers 200 or the deadline passes. */
export async function waitForHttp(
  url: string,
  deadlineMs = 30_000,
  exited?: Promise<unknown>,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let gone = false;
  void exited?.then(() => {
    gone = true;
  });
  while (Date.now() < deadline && !gone) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    gone ? `process exited before ${url} answered` : `${url} did not answer within ${deadlineMs} ms`,
  );
}

export async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
