import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freePort, runCli, waitForHttp } from "../testing/cli-process";
import { fileForm } from "../testing/workspace-fixtures";

/** `copilot files gc` and `copilot user delete` against a real DATA_DIR (PGlite + local files). */
describe("files CLI", { timeout: 120_000 }, () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "copilot-files-cli-"));
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const filesDir = () => path.join(dataDir, "files");

  /** Serves once to sign up and upload over HTTP, then stops (SIGTERM) so the CLI can open the folder. */
  async function userWithFiles(count: number): Promise<{ userId: string; email: string }> {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const server = runCli(["serve", "--no-web"], { DATA_DIR: dataDir, PORT: String(port) });
    try {
      await waitForHttp(`${origin}/healthz`, 60_000, server.exited);
      const email = `${randomUUID()}@example.com`;
      const signup = await fetch(`${origin}/api/auth/signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: "correct horse battery" }),
      });
      const cookie = (signup.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const userId = ((await signup.json()) as { user: { id: string } }).user.id;
      for (let i = 0; i < count; i++) {
        const form = fileForm(`f${i}.txt`, `file ${i}`);
        const uploaded = await fetch(`${origin}/api/workspace/files?path=/f${i}.txt`, {
          method: "POST",
          headers: { ...form.headers, cookie, origin },
          body: form.payload,
        });
        expect(uploaded.status).toBe(201);
      }
      return { userId, email };
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  }

  const blobsOf = async (userId: string) =>
    fs.readdir(path.join(filesDir(), "u", userId)).catch(() => [] as string[]);

  it("user delete removes the account's blobs too", async () => {
    const { userId, email } = await userWithFiles(2);
    expect(await blobsOf(userId)).toHaveLength(2);
    const deleted = runCli(["user", "delete", "--email", email], { DATA_DIR: dataDir });
    expect((await deleted.exited).code).toBe(0);
    expect(await blobsOf(userId)).toEqual([]);
  });

  it("files gc sweeps an orphaned blob past the safety window and keeps live ones", async () => {
    const { userId } = await userWithFiles(1);
    const orphan = path.join(filesDir(), "u", userId, randomUUID());
    await fs.writeFile(orphan, "left by a crash");
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await fs.utimes(orphan, twoHoursAgo, twoHoursAgo);

    const gc = runCli(["files", "gc"], { DATA_DIR: dataDir });
    expect((await gc.exited).code).toBe(0);
    expect(gc.output()).toContain("swept 1 orphaned blobs");
    const left = await blobsOf(userId);
    expect(left).toHaveLength(1);
    expect(left).not.toContain(path.basename(orphan));
  });
});
