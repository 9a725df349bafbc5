import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config";
import { createDeps } from "./deps";

/**
 * Startup refuses what it cannot serve, saying why in words (issue 10, finding 7). Disk full and
 * read-only need a small tmpfs: mounting one needs root, so without it those cases skip visibly.
 */
let root: string;
const mounts: string[] = [];

function tryMount(dir: string, options: string): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { stdio: "ignore" });
    mounts.push(dir);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "copilot-startup-"));
});
afterAll(async () => {
  for (const dir of mounts.reverse()) execFileSync("umount", ["-l", dir], { stdio: "ignore" });
  await fs.rm(root, { recursive: true, force: true });
});

async function startupError(dataDir: string): Promise<string> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" }, "/");
  const outcome = await createDeps(config).then(
    async (deps) => {
      await deps.close();
      return null;
    },
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error(`startup did not fail as an Error: ${String(outcome)}`);
  return outcome.message;
}

describe("startup errors", () => {
  it("DATA_DIR/files being a regular file stops startup, saying so", async () => {
    const dataDir = path.join(root, "files-is-a-file");
    await fs.mkdir(dataDir);
    await fs.writeFile(path.join(dataDir, "files"), "");
    expect(await startupError(dataDir)).toBe(
      `DATA_DIR: cannot connect (${dataDir}/files exists but is not a directory)`,
    );
  });

  const small = path.join(os.tmpdir(), `copilot-full-${process.pid}`);
  const readOnly = path.join(os.tmpdir(), `copilot-ro-${process.pid}`);
  let canMount = false;
  beforeAll(async () => {
    await fs.mkdir(small, { recursive: true });
    await fs.mkdir(readOnly, { recursive: true });
    canMount = tryMount(small, "size=1m") && tryMount(readOnly, "size=1m,ro");
    if (!canMount)
      console.warn("\n[skip] cannot mount a tmpfs (not root?): disk-full and read-only startup cases\n");
  });
  afterAll(async () => {
    await fs.rm(small, { recursive: true, force: true }).catch(() => {});
    await fs.rm(readOnly, { recursive: true, force: true }).catch(() => {});
  });

  it("a full disk during first database setup names the cause, not [object Object]", async (context) => {
    if (!canMount) return context.skip();
    const message = await startupError(path.join(small, "data"));
    expect(message).toMatch(/^DATA_DIR: cannot connect \(.*no space left on the device \(disk full\)/);
    expect(message).not.toContain("[object Object]");
  }, 60_000);

  it("a read-only file system is called read-only, not ENOENT", async (context) => {
    if (!canMount) return context.skip();
    const message = await startupError(path.join(readOnly, "data"));
    expect(message).toContain("read-only file system");
    expect(message).not.toContain("ENOENT");
  });
});
