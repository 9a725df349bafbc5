export type Timer = ReturnType<typeof setTimeout>;

/** Time as the stream core sees it, injected so tests can drive it (docs/design.md: no fixed sleeps). */
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
