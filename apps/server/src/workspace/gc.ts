import { purgeTrash } from "./purge";
import { expireStaleUploads, sweepOrphans } from "./sweep";
import { trashCutoff } from "./trash";
import type { WorkspaceEnv } from "./workspace-env";

const HOUR_MS = 60 * 60 * 1000;

export type GcOptions = {
  /** The clock (tests move it forward instead of waiting). */
  now?: Date;
  /** Blobs younger than this are never swept. Default 1 h. */
  orphanGraceMs?: number;
  /** Upload rows untouched this long are dead. Default 1 h (live uploads mark theirs every 5 min). */
  staleUploadMs?: number;
};

export type GcReport = { expiredUploads: number; purgedFiles: number; sweptBlobs: number };

/**
 * `copilot files gc` and the hourly in-process run: expire dead uploads, purge trash past
 * WORKSPACE_TRASH_DAYS, then sweep blobs that nothing owns. Safe to run in several processes at
 * once: every step is idempotent.
 */
export async function collectGarbage(env: WorkspaceEnv, options: GcOptions = {}): Promise<GcReport> {
  const now = options.now ?? new Date();
  const expiredUploads = await expireStaleUploads(
    env.db,
    env.store,
    new Date(now.getTime() - (options.staleUploadMs ?? HOUR_MS)),
  );
  const purgedFiles = await purgeTrash(env.db, env.store, trashCutoff(env.limits.trashDays, now));
  const sweptBlobs = await sweepOrphans(
    env.db,
    env.store,
    new Date(now.getTime() - (options.orphanGraceMs ?? HOUR_MS)),
  );
  return { expiredUploads, purgedFiles, sweptBlobs };
}
