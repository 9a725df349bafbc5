export type Timer = ReturnType<typeof setTimeout>;

/** Time as the stream core sees it, injected so a test can drive it instead of waiting on it. */
export type Clock = {
  now(): number;
  setTimeout(run: () => void, ms: number): Timer;
  clearTimeout(timer: Timer): void;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer),
};
