import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { openPglite, PGLITE_START_PARAMS } from "./client";
import { initPgliteFolder } from "./pglite-init";

const made: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copilot-pglite-"));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("PGlite folder initialisation in a worker", () => {
  it("creates the cluster in a new folder, which the main process then opens", async () => {
    const dir = path.join(tempDir(), "db");
    fs.mkdirSync(dir);
    await initPgliteFolder(dir, PGLITE_START_PARAMS);
    expect(fs.existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
    const handle = await openPglite(dir);
    try {
      const result = await handle.db.execute(sql`show shared_buffers`);
      // The smaller buffer pool is what keeps the embedded server's memory down.
      expect(JSON.stringify(result)).toContain("32MB");
    } finally {
      await handle.close();
    }
  });

  it("leaves an existing cluster alone and reports a folder it cannot create", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "PG_VERSION"), "17\n");
    await initPgliteFolder(dir, PGLITE_START_PARAMS);
    expect(fs.readdirSync(dir)).toEqual(["PG_VERSION"]);
    const file = path.join(tempDir(), "not-a-folder");
    fs.writeFileSync(file, "");
    await expect(initPgliteFolder(file, PGLITE_START_PARAMS)).rejects.toThrow();
  });
});
