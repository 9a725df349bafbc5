/**
 * Entry ids in Redis' `<ms>-<seq>` form for the in-process store. Like Redis, an id never goes
 * backwards: when the clock stands still or steps back, the last millisecond is kept and the
 * sequence counts up, so ids stay strictly increasing per task.
 */
export function createEntryIdGenerator(now: () => number = Date.now): () => string {
  let lastMs = 0;
  let seq = -1;
  return () => {
    const ms = now();
    if (ms > lastMs) {
      lastMs = ms;
      seq = 0;
    } else {
      seq += 1;
    }
    return `${lastMs}-${seq}`;
  };
}
