"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False on the server and during hydration, true afterwards. For output that depends on the
 * viewer's locale or time zone, which the server cannot know: rendering it only after hydration
 * avoids a mismatch between the server's HTML and the browser's first render.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
