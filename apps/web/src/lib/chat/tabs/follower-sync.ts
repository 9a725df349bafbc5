import type { StreamEntry } from "@copilot/protocol";
import { type Clock, systemClock, type Timer } from "../clock";
import { applyReplay, followRelayed, type RelayedEntry, type TaskLog } from "../reducer/task-log";

const REPLAY_RETRY_MS = 2_000;

type Host = {
  log(): TaskLog;
  setLog(log: TaskLog): void;
  /** Asks the leader for a replay (a `hello` with this tab's task and last id). */
  askForReplay(): void;
  /** Still a follower that wants one (not disposed, not promoted meanwhile). */
  stillFollowing(): boolean;
};

/**
 * A follower's bookkeeping between the relayed entries and its log: it applies entries in chain
 * order, and on a gap asks the leader for a replay, keeping what arrives meanwhile for after it.
 */
export class FollowerSync {
  private awaitingReplay = false;
  private buffered: RelayedEntry[] = [];
  private timer: Timer | null = null;

  constructor(
    private readonly host: Host,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Consecutive entries of the leader's log; `prevId` precedes the first. */
  entries(taskId: string, prevId: string | null, entries: readonly StreamEntry[]) {
    let previous = prevId;
    for (const entry of entries) {
      this.entry({ taskId, prevId: previous, entry });
      previous = entry.id;
    }
  }

  replay(taskId: string, entries: readonly StreamEntry[]) {
    this.awaitingReplay = false;
    this.clearTimer();
    this.host.setLog(applyReplay(this.host.log(), taskId, entries));
    const pending = this.buffered;
    this.buffered = [];
    for (const [index, relayed] of pending.entries()) {
      // Another gap: entry() kept this one; keep the rest behind it for the next replay.
      if (!this.entry(relayed)) {
        this.buffered.push(...pending.slice(index + 1));
        break;
      }
    }
  }

  /** Asks for a replay, and again every few seconds until one (or a task's first entry) comes. */
  request() {
    this.awaitingReplay = true;
    this.host.askForReplay();
    this.clearTimer();
    // The leader may be changing hands, and a new one answers only once it holds the lock.
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (this.awaitingReplay && this.host.stillFollowing()) this.request();
    }, REPLAY_RETRY_MS);
  }

  /** Forgets pending work (this tab now leads, or is going away). */
  reset() {
    this.awaitingReplay = false;
    this.buffered = [];
    this.clearTimer();
  }

  /** Applies one relayed entry; false when it opened a gap (it is kept for after the replay). */
  private entry(relayed: RelayedEntry): boolean {
    // While a replay is on its way, keep entries for after it; a task's first entry needs none.
    if (this.awaitingReplay && relayed.prevId !== null) {
      this.buffered.push(relayed);
      return false;
    }
    const step = followRelayed(this.host.log(), relayed);
    this.host.setLog(step.log);
    if (step.inSync) return true;
    this.buffered.push(relayed);
    this.request();
    return false;
  }

  private clearTimer() {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
