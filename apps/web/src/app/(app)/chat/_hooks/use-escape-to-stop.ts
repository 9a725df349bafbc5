"use client";

import { useEffect } from "react";

/**
 * Esc stops the running answer, unless an overlay (dialog, menu) is open: there Esc belongs to the
 * overlay. Overlays close after this listener has run, so checking the DOM here is reliable.
 */
export function useEscapeToStop(active: boolean, stop: () => void) {
  useEffect(() => {
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented || event.isComposing) return;
      if (document.querySelector('[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]'))
        return;
      stop();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [active, stop]);
}
