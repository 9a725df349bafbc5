import { type Clock, systemClock, type Timer } from "./clock";

/**
 * Listeners notified at most once per interval (trailing): a stream changes state on every delta,
 * and re-rendering a conversation dozens of times a second, in every open tab, starves a small
 * machine. The interval is read on each change, so a hidden tab can wait longer.
 */
export class ThrottledListeners {
  private readonly listeners = new Set<() => void>();
  private timer: Timer | null = null;
  private last = 0;

  constructor(
    private readonly intervalMs: () => number,
    private readonly clock: Clock = systemClock,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Something changed: notify now, or at the end of the current interval. */
  changed() {
    if (this.timer) return;
    const wait = this.last + this.intervalMs() - this.clock.now();
    if (wait <= 0) this.notify();
    else this.timer = this.clock.setTimeout(() => this.notify(), wait);
  }

  dispose() {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private notify() {
    this.dispose();
    this.last = this.clock.now();
    for (const listener of this.listeners) listener();
  }
}
