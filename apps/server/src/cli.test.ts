import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freePort, runCli, waitForHttp } from "./testing/cli-process";

// Each case starts real processes (PGlite boots in each): generous timeouts, no fixed sleeps.
describe("copilot CLI", { timeout: 120_000 }, () => {
  let dataDir: string;
  const running: Array<ReturnType<typeof runCli>> = [];
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "copilot-cli-"));
  });
  afterEach(async () => {
    for (const cli of running.splice(0)) {
      cli.child.kill("SIGKILL");
      await cli.exited;
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const serve = async (port: number) => {
    const cli = runCli(["serve", "--no-web"], { DATA_DIR: dataDir, PORT: String(port) });
    running.push(cli);
    return cli;
  };

  it("refuses a second server on the same DATA_DIR within 10 s naming the folder, and takes over after kill -9", async () => {
    const port = await freePort();
    const first = await serve(port);
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 30_000, first.exited);

    const second = await serve(await freePort());
    const outcome = await second.exited;
    expect(outcome.code).not.toBe(0);
    expect(outcome.ms).toBeLessThan(10_000);
    expect(second.output()).toContain(path.join(dataDir, "db"));

    first.child.kill("SIGKILL");
    await first.exited;
    const third = await serve(port);
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 30_000, third.exited);
    const readiness = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { db: unknown };
    expect(readiness.db).toEqual({ driver: "pglite", ok: true });
  });

  it("stops at startup naming a bad variable", async () => {
    const cli = runCli(["serve", "--no-web"], { DATA_DIR: dataDir, PORT: "not-a-port" });
    const outcome = await cli.exited;
    expect(outcome.code).toBe(1);
    expect(cli.output()).toContain("PORT");
  });

  it("refuses an API-only process or a worker without a queue other processes share", async () => {
    // PGlite is one process by construction: even with Redis, nothing else could run its turns.
    for (const args of [["serve", "--no-web", "--no-worker"], ["worker"]]) {
      const cli = runCli(args, { DATA_DIR: dataDir, REDIS_URL: "redis://127.0.0.1:6379" });
      const outcome = await cli.exited;
      expect(outcome.code).toBe(1);
      expect(cli.output()).toContain("needs REDIS_URL and DATABASE_URL");
    }
  });

  it("never falls back when a configured service is unreachable", async () => {
    const cli = runCli(["serve", "--no-web"], {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      REDIS_URL: "redis://127.0.0.1:1",
    });
    const outcome = await cli.exited;
    expect(outcome.code).toBe(1);
    expect(cli.output()).toContain("REDIS_URL");
  });

  it("creates a user from stdin and deletes it", async () => {
    const env = { DATA_DIR: dataDir };
    const created = runCli(
      ["user", "create", "--email", "cli@example.com", "--password-stdin"],
      env,
      "a long password\n",
    );
    expect((await created.exited).code).toBe(0);
    expect(created.output()).toContain("cli@example.com");

    const duplicate = runCli(
      ["user", "create", "--email", "CLI@example.com", "--password", "another password"],
      env,
    );
    expect((await duplicate.exited).code).toBe(1);
    expect(duplicate.output()).toContain("exists");

    const short = runCli(["user", "create", "--email", "x@example.com", "--password", "short"], env);
    expect((await short.exited).code).toBe(2);

    const deleted = runCli(["user", "delete", "--email", "cli@example.com"], env);
    expect((await deleted.exited).code).toBe(0);
    const again = runCli(["user", "delete", "--email", "cli@example.com"], env);
    expect((await again.exited).code).toBe(1);
  });
});
