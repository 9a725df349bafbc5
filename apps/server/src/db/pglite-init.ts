import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";

// Plain script for an `eval` worker: imports PGlite by URL (no module resolution from a string),
// creates the cluster and closes it. A failure is posted back as it was thrown (PGlite throws
// errno objects, not Errors), so the caller describes it exactly as an in-process one.
const INIT_SCRIPT = `
const { workerData, parentPort } = require("node:worker_threads");
import(workerData.module)
  .then(async ({ PGlite }) => {
    const client = await PGlite.create({ dataDir: workerData.dir, startParams: workerData.startParams });
    await client.close();
    parentPort.postMessage({ ok: true });
  })
  .catch((error) => {
    let reason = error;
    try {
      structuredClone(reason);
    } catch {
      reason = { message: String(error && error.message || error), code: error && error.code, errno: error && error.errno };
    }
    parentPort.postMessage({ ok: false, reason });
  });
`;

/**
 * Creates a new PGlite data folder in a worker thread, so the memory `initdb` leaves behind (its
 * own wasm instance, ~500 MB the main isolate would keep until a full GC that an idle server
 * never runs) goes away with the worker. An existing cluster is left alone.
 */
export async function initPgliteFolder(dir: string, startParams: string[]): Promise<void> {
  if (fs.existsSync(path.join(dir, "PG_VERSION"))) return;
  const worker = new Worker(INIT_SCRIPT, {
    eval: true,
    workerData: { dir, startParams, module: import.meta.resolve("@electric-sql/pglite") },
  });
  await new Promise<void>((resolve, reject) => {
    let outcome: { ok: true } | { ok: false; reason: unknown } | null = null;
    worker.once("message", (message: { ok: true } | { ok: false; reason: unknown }) => {
      outcome = message;
    });
    worker.once("error", (error) => {
      outcome ??= { ok: false, reason: error };
    });
    worker.once("exit", (code) => {
      const result = outcome as { ok: true } | { ok: false; reason: unknown } | null;
      if (result?.ok) resolve();
      else reject(result ? result.reason : new Error(`PGlite initialisation exited with ${code}`));
    });
  });
}
