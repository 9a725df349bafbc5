"use client";

import { useSyncExternalStore } from "react";

// A phone or tablet without a keyboard or mouse: keyboard hints ("press Esc") mean nothing there.
const QUERY = "(hover: none) and (pointer: coarse)";

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener("change", onChange);
  return () => media.removeEventListener("change", onChange);
}

/** True on touch-only devices; false on the server and wherever a fine pointer exists. */
export function useTouchOnly(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(QUERY).matches,
    () => false,
  );
}
