/**
 * A one-waiter wake-up for pull-based readers: `wait()` resolves at the next `notify()`. A notify
 * with nobody waiting is remembered, so a wake-up between "checked, nothing there" and "started
 * waiting" is never lost.
 */
export type WakeSignal = { wait(): Promise<void>; notify(): void };

export function createWakeSignal(): WakeSignal {
  let pending = false;
  let resolve: (() => void) | null = null;
  return {
    wait() {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((r) => {
        resolve = r;
      });
    },
    notify() {
      if (resolve) {
        const r = resolve;
        resolve = null;
        r();
      } else {
        pending = true;
      }
    },
  };
}
