import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// Plain CommonJS for `node -e`: imports PGlite by URL (no module resolution from a string),
// creates the cluster and closes it. A failure is sent back as it was thrown (PGlite throws errno
// objects, not Errors; the IPC channel clones them), so the caller describes it exactly as an
// in-process one.
const INIT_SCRIPT = `
const [dir, module, params] = process.argv.slice(1);
// The server died (its IPC channel closed): stop writing a folder nobody will open as it is.
process.on("disconnect", () => process.exit(1));
const done = (outcome) => process.send(outcome, () => process.exit(0));
import(module)
  .then(async ({ PGlite }) => {
    const client = await PGlite.create({ dataDir: dir, startParams: JSON.parse(params) });
    await client.close();
    done({ ok: true });
  })
  .catch((error) => {
    let reason = error;
    try {
      structuredClone(reason);
    } catch {
      reason = { message: String(error && error.message || error), code: error && error.code, errno: error && error.errno };
    }
    done({ ok: false, reason });
  });
`;

type Outcome = { ok: true } | { ok: false; reason: unknown };

/**
 * Creates a new PGlite data folder in a child process, so the memory `initdb` leaves behind (its
 * own wasm instance, ~500 MB) goes back to the system. A worker thread was used until 2026-12-08:
 * its isolate went away, but the process kept ~150 MiB of what it had allocated (an idle embedded
 * server on a new folder at ~510 MiB RSS against ~370 MiB reopened; docs/BENCHMARKS.md). An
 * existing cluster is left alone.
 */
export async function initPgliteFolder(dir: string, startParams: string[]): Promise<void> {
  if (fs.existsSync(path.join(dir, "PG_VERSION"))) return;
  const module = import.meta.resolve("@electric-sql/pglite");
  const child = spawn(process.execPath, ["-e", INIT_SCRIPT, dir, module, JSON.stringify(startParams)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    serialization: "advanced",
    // The parent's NODE_OPTIONS (a test runner's loader, --cpu-prof) are not the child's business.
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  await new Promise<void>((resolve, reject) => {
    let outcome: Outcome | null = null;
    child.once("message", (message: Outcome) => {
      outcome = message;
    });
    child.once("error", (error) => {
      outcome ??= { ok: false, reason: error };
    });
    // 'close', not 'exit': it comes once the IPC channel is closed too, so the outcome has arrived.
    child.once("close", (code, signal) => {
      const result = outcome as Outcome | null;
      if (result?.ok) resolve();
      else reject(result ? result.reason : new Error(`PGlite initialisation exited with ${signal ?? code}`));
    });
  });
}
