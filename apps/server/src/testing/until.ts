/**
 * Polls `probe` until it returns a value (not null, undefined or false) and returns it; throws
 * naming `what` at the deadline, so a test waits for a condition instead of a fixed time.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  deadlineMs = 15_000,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * `promise`, or a failure naming `what` after `deadlineMs`: a step that hangs says which one it
 * was, instead of the whole test timing out at its first line.
 */
export async function within<T>(what: string, promise: Promise<T>, deadlineMs = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), deadlineMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** For `vi.waitFor`, whose default gives up after 1 s: too short for suites sharing two cores. */
export const waitOptions = { timeout: 15_000, interval: 20 } as const;
