import type { Logger } from "pino";
import type { WorkspaceFiles } from "./workspace-files";

const HOUR_MS = 60 * 60 * 1000;
/** The first run comes soon after start, to clean up after a crash without waiting an hour. */
const FIRST_RUN_MS = 60 * 1000;

/**
 * The in-process `files gc` of a serving process: hourly, never two at once, timers unref'd so
 * they never keep the process alive. `stop` waits for a run in progress.
 */
export function scheduleWorkspaceGc(
  files: WorkspaceFiles,
  log: Logger,
  options: { intervalMs?: number; firstRunMs?: number } = {},
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = files
      .gc()
      .then(
        (report) => log.info({ gc: report }, "workspace gc"),
        (error: unknown) => log.warn({ err: error }, "workspace gc failed; next run retries"),
      )
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(run, options.firstRunMs ?? FIRST_RUN_MS);
  const every = setInterval(run, options.intervalMs ?? HOUR_MS);
  first.unref();
  every.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
