import type { Logger } from "pino";
import type { Database } from "../db/client";
import { type PeriodicJob, schedulePeriodic } from "../jobs/periodic";
import { purgeExpiredSessions } from "./sessions";

const HOUR_MS = 60 * 60 * 1000;

/**
 * Deletes expired browser sessions hourly. Nothing else removes a session a user never logged out
 * of, so without this the table only grows (every login adds a row).
 */
export function scheduleSessionPurge(
  db: Database,
  log: Logger,
  options: { intervalMs?: number; firstRunMs?: number } = {},
): PeriodicJob {
  return schedulePeriodic(
    () =>
      purgeExpiredSessions(db).then(
        (purged) => {
          if (purged > 0) log.info({ purged }, "expired sessions purged");
        },
        (error: unknown) => log.warn({ err: error }, "session purge failed; next run retries"),
      ),
    { intervalMs: options.intervalMs ?? HOUR_MS, firstRunMs: options.firstRunMs ?? 60_000 },
  );
}
