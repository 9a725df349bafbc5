/**
 * One leader per lock name among the tabs of a browser, with the Web Locks API: the tab whose
 * request is granted leads until it releases (or closes — the browser releases a closed tab's
 * locks); the next queued tab is granted then. Without `navigator.locks` (an insecure origin such as
 * plain http on a LAN address) every tab leads on its own: correct, only not shared.
 */
export type Election = {
  /** Stops leading (or waiting to lead). */
  release(): void;
};

export type ElectionEvents = {
  onLeader(): void;
  /** Another tab holds the lock: this one waits in line and follows meanwhile. */
  onFollower(): void;
};

export function electLeader(name: string, events: ElectionEvents): Election {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  if (!locks) {
    queueMicrotask(events.onLeader);
    return { release() {} };
  }
  const waiting = new AbortController();
  let releaseLock: (() => void) | undefined;
  let granted = false;
  let released = false;
  locks
    .request(name, { signal: waiting.signal }, () => {
      if (released) return undefined;
      granted = true;
      events.onLeader();
      // Held until release(): the lock lives as long as this promise is pending.
      return new Promise<void>((resolve) => {
        releaseLock = resolve;
      });
    })
    .catch(() => {
      // Aborted while queued (released before being granted): nothing to do.
    });
  // A queued request has no callback of its own; ask who holds the lock to learn we follow.
  locks
    .query()
    .then((state) => {
      if (granted || released) return;
      if (state.held?.some((lock) => lock.name === name)) events.onFollower();
    })
    .catch(() => {});
  return {
    release() {
      released = true;
      waiting.abort();
      releaseLock?.();
    },
  };
}
