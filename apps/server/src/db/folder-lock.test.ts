import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireFolderLock, FolderLockedError } from "./folder-lock";

describe("acquireFolderLock", () => {
  let dir: string;
  beforeEach(async () => {
    dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "copilot-lock-")), "db");
  });
  afterEach(() => fs.rm(path.dirname(dir), { recursive: true, force: true }));

  it("stamps the lock with our pid and removes it on release", async () => {
    const lock = await acquireFolderLock(dir);
    const stamp = JSON.parse(await fs.readFile(`${dir}.lock`, "utf8"));
    expect(stamp.pid).toBe(process.pid);
    await lock.release();
    await expect(fs.stat(`${dir}.lock`)).rejects.toThrow();
  });

  it("refuses a folder held by a live process, naming the folder and the pid", async () => {
    const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      await fs.writeFile(`${dir}.lock`, JSON.stringify({ pid: holder.pid, host: os.hostname(), since: "x" }));
      const attempt = acquireFolderLock(dir);
      await expect(attempt).rejects.toThrow(FolderLockedError);
      await expect(acquireFolderLock(dir)).rejects.toThrow(`${dir} is in use by process ${holder.pid}`);
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("takes over the stale lock of a dead process", async () => {
    const dead = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    const pid = dead.pid;
    await new Promise((resolve) => dead.once("exit", resolve));
    await fs.writeFile(`${dir}.lock`, JSON.stringify({ pid, host: os.hostname(), since: "x" }));
    const lock = await acquireFolderLock(dir);
    expect(JSON.parse(await fs.readFile(`${dir}.lock`, "utf8")).pid).toBe(process.pid);
    await lock.release();
  });

  it("takes over a half-written lock file once it is not fresh", async () => {
    await fs.writeFile(`${dir}.lock`, "{");
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(`${dir}.lock`, old, old);
    const lock = await acquireFolderLock(dir);
    await lock.release();
  });

  it("refuses a second open in the same process", async () => {
    const lock = await acquireFolderLock(dir);
    await expect(acquireFolderLock(dir)).rejects.toThrow("already open in this process");
    await lock.release();
  });

  it("lets exactly one of several processes racing for a stale lock win", async () => {
    await fs.writeFile(`${dir}.lock`, JSON.stringify({ pid: 2 ** 22 + 7, host: os.hostname(), since: "x" }));
    const script = path.join(path.dirname(dir), "take.ts");
    await fs.writeFile(
      script,
      `import { acquireFolderLock } from ${JSON.stringify(path.resolve(import.meta.dirname, "folder-lock.ts"))};
       acquireFolderLock(${JSON.stringify(dir)}).then(
         () => { process.stdout.write("won"); setTimeout(() => process.exit(0), 1500); },
         (error) => { process.stdout.write("lost:" + error.name); process.exit(0); });`,
    );
    const outcomes = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<string>((resolve) => {
            const child = spawn(process.execPath, ["--import", "tsx", script], {
              stdio: ["ignore", "pipe", "inherit"],
            });
            let output = "";
            child.stdout.on("data", (data) => {
              output += data;
            });
            child.once("exit", () => resolve(output));
          }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === "won")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "lost:FolderLockedError")).toHaveLength(2);
  });
});
