import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireFolderLock, FolderLockedError } from "./folder-lock";

const moduleUrl = JSON.stringify(path.resolve(import.meta.dirname, "folder-lock.ts"));

/** A child process that takes the lock, prints `won` or `lost:<name>`, and holds it for `holdMs`. */
function contender(dir: string, holdMs: number): { child: ChildProcess; outcome: Promise<string> } {
  const script = `import { acquireFolderLock } from ${moduleUrl};
    acquireFolderLock(${JSON.stringify(dir)}).then(
      () => { process.stdout.write("won"); setTimeout(() => process.exit(0), ${holdMs}); },
      (error) => { process.stdout.write("lost:" + error.name + ":" + error.message); process.exit(0); });`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const outcome = new Promise<string>((resolve) => {
    let output = "";
    child.stdout?.on("data", (data) => {
      output += data;
      if (output === "won") resolve(output);
    });
    child.once("exit", () => resolve(output));
  });
  return { child, outcome };
}

const pidFile = (pid: number, host = os.hostname()) => JSON.stringify({ pid, host, since: "2026-01-01" });

describe("acquireFolderLock", () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "copilot-lock-")), "db");
  });
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
    await fs.rm(path.dirname(dir), { recursive: true, force: true });
  });

  it("is taken, refused to a second open in this process, released and taken again", async () => {
    const lock = await acquireFolderLock(dir);
    await expect(acquireFolderLock(dir)).rejects.toThrow("already open in this process");
    await lock.release();
    const again = await acquireFolderLock(dir);
    await again.release();
  });

  // Each of these pid-file locks refused a restart until deleted by hand (issue 10, finding 2).
  const staleLocks: Array<[string, () => Promise<string>]> = [
    [
      "a live but unrelated pid (pid reuse)",
      async () => {
        const sleeper = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
        children.push(sleeper);
        return pidFile(sleeper.pid ?? 0);
      },
    ],
    ["our own pid (an app that is pid 1 in its container)", async () => pidFile(process.pid)],
    ["another hostname (a new container on the same volume)", async () => pidFile(1, "old-container")],
    [
      "a zombie",
      async () => {
        // `sleep 0` exits unreaped by the exec'd `sleep 30`: a zombie whose pid we print.
        const parent = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 30"], {
          stdio: ["ignore", "pipe", "ignore"],
        });
        children.push(parent);
        const pid = await new Promise<number>((resolve) =>
          parent.stdout.once("data", (data) => resolve(Number(String(data).trim()))),
        );
        return pidFile(pid);
      },
    ],
  ];
  for (const [name, content] of staleLocks) {
    it(`starts over a lock file naming ${name}`, async () => {
      await fs.writeFile(`${dir}.lock`, await content());
      const lock = await acquireFolderLock(dir);
      await lock.release();
    });
  }

  it("starts after its holder was killed with SIGKILL", async () => {
    const first = contender(dir, 60_000);
    children.push(first.child);
    expect(await first.outcome).toBe("won");
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    const lock = await acquireFolderLock(dir);
    await lock.release();
  });

  it("refuses a folder a live server holds, naming the folder and its process", async () => {
    const holder = contender(dir, 60_000);
    children.push(holder.child);
    expect(await holder.outcome).toBe("won");
    const attempt = acquireFolderLock(dir);
    await expect(attempt).rejects.toThrow(FolderLockedError);
    await expect(acquireFolderLock(dir)).rejects.toThrow(
      `database folder ${dir} is in use by process ${holder.child.pid} on ${os.hostname()}`,
    );
  });

  it("refuses when only the socket file on the volume is held (another network namespace)", async () => {
    const { default: net } = await import("node:net");
    // Stands in for a holder in another container: it listens on the file, not on our abstract name.
    const other = net.createServer((socket) => socket.end(pidFile(4242, "other-container")));
    await new Promise<void>((resolve) => other.listen(`${dir}.lock`, resolve));
    try {
      await expect(acquireFolderLock(dir)).rejects.toThrow("in use by process 4242 on other-container");
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it("lets exactly one of several processes racing for a stale lock win", async () => {
    await fs.writeFile(`${dir}.lock`, pidFile(2 ** 22 + 7));
    const racers = [1, 2, 3].map(() => contender(dir, 1500));
    children.push(...racers.map((racer) => racer.child));
    const outcomes = await Promise.all(racers.map((racer) => racer.outcome));
    expect(outcomes.filter((outcome) => outcome === "won")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.startsWith("lost:FolderLockedError"))).toHaveLength(2);
  });
});
