import { setTimeout as delay } from "node:timers/promises";

/**
 * The mid-answer saves ("checkpoints") of every turn running in this process, one at a time.
 *
 * A checkpoint is insurance: it keeps most of a partial answer if the process dies. Run per turn on
 * a timer, 50 long answers meant 50 transactions every 2 s, each rewriting a growing message, and
 * on PGlite (one connection) every other query — a new turn's start among them — waited behind
 * them (docs/BENCHMARKS.md, "Profile"). Here a turn has at most one save waiting: asking again
 * while it waits joins it (the save reads the message when it runs, so it is the newest anyway),
 * and only one runs at a time, with rests in between, so checkpoints take at most one connection
 * and a bounded share of it, and get rarer under load instead of piling up.
 */
export type CheckpointQueue = {
  /** Runs `save` for `key` after the saves ahead of it; joins a save of `key` not started yet. */
  request(key: string, save: () => Promise<void>): Promise<void>;
  /**
   * Drops `key`'s save if it has not started (its callers resolve): the turn ended and its final
   * save supersedes it. A save already running is not stopped.
   */
  drop(key: string): void;
  /** Saves waiting or running (for tests and metrics). */
  readonly size: number;
};

/**
 * After each save the queue rests this many times as long as the save took, so checkpoints use at
 * most 1/(1+REST) of the database — on PGlite, of the process' one thread — however many turns run.
 */
const REST = 2;

export function createCheckpointQueue(options: { rest?: number } = {}): CheckpointQueue {
  const rest = options.rest ?? REST;
  type Waiting = { save: () => Promise<void>; done: Promise<void>; settle: (error?: unknown) => void };
  const waiting = new Map<string, Waiting>();
  let running = false;

  async function drain() {
    running = true;
    try {
      for (let next = waiting.entries().next(); !next.done; next = waiting.entries().next()) {
        const [key, item] = next.value;
        waiting.delete(key);
        const started = performance.now();
        try {
          await item.save();
          item.settle();
        } catch (error) {
          item.settle(error);
        }
        const tookMs = performance.now() - started;
        if (rest > 0 && waiting.size > 0) await delay(tookMs * rest, undefined, { ref: false });
      }
    } finally {
      running = false;
    }
  }

  return {
    request(key, save) {
      const queued = waiting.get(key);
      if (queued) {
        queued.save = save;
        return queued.done;
      }
      let settle!: Waiting["settle"];
      const done = new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error));
      });
      waiting.set(key, { save, done, settle });
      if (!running) void drain();
      return done;
    },
    drop(key) {
      const queued = waiting.get(key);
      if (!queued) return;
      waiting.delete(key);
      queued.settle();
    },
    get size() {
      return waiting.size + (running ? 1 : 0);
    },
  };
}
