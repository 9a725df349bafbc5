/**
 * A housekeeping job of a serving process (workspace gc, session purge): first run soon after start,
 * then every `intervalMs`, never two runs at once. Timers are unref'd so they never keep the process
 * alive; `stop` waits for a run in progress so shutdown does not close the database under it.
 */
export type PeriodicJob = { stop(): Promise<void> };

export function schedulePeriodic(
  run: () => Promise<void>,
  options: { intervalMs: number; firstRunMs: number },
): PeriodicJob {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    // `run` reports its own failures; a rejection here must not become an unhandled one.
    running = run()
      .catch(() => {})
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, options.firstRunMs);
  const every = setInterval(tick, options.intervalMs);
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
