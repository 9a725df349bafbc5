import type { Logger } from "pino";
import { type PeriodicJob, schedulePeriodic } from "../jobs/periodic";
import type { WorkspaceFiles } from "./workspace-files";

const HOUR_MS = 60 * 60 * 1000;
/** The first run comes soon after start, to clean up after a crash without waiting an hour. */
const FIRST_RUN_MS = 60 * 1000;

/** The in-process `files gc` of a serving process: hourly, never two at once (see `schedulePeriodic`). */
export function scheduleWorkspaceGc(
  files: WorkspaceFiles,
  log: Logger,
  options: { intervalMs?: number; firstRunMs?: number } = {},
): PeriodicJob {
  return schedulePeriodic(
    () =>
      files.gc().then(
        (report) => log.info({ gc: report }, "workspace gc"),
        (error: unknown) => log.warn({ err: error }, "workspace gc failed; next run retries"),
      ),
    { intervalMs: options.intervalMs ?? HOUR_MS, firstRunMs: options.firstRunMs ?? FIRST_RUN_MS },
  );
}
