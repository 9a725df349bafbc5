"use client";

import { useEffect, useState } from "react";
import { CommandPalette } from "./command-palette";
import { shortcutOf } from "./shortcuts";
import { ShortcutsSheet } from "./shortcuts-sheet";

/** The app-wide shortcuts: ⌘/Ctrl+K opens the command palette, `?` the shortcuts sheet. */
export function KeyboardLayer() {
  const [open, setOpen] = useState<"palette" | "shortcuts" | null>(null);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target instanceof HTMLElement ? event.target : null;
      const shortcut = shortcutOf({ ...pick(event), target });
      if (!shortcut) return;
      event.preventDefault();
      setOpen((current) => (current === shortcut && shortcut === "palette" ? null : shortcut));
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
  // Mounted only while open: closed, they render nothing on the server or the client, so they can
  // never make the page's hydration disagree (a closed palette's queries did, under load).
  return (
    <>
      {open === "palette" ? (
        <CommandPalette
          open
          onOpenChange={(next) => setOpen(next ? "palette" : null)}
          onShowShortcuts={() => setOpen("shortcuts")}
        />
      ) : null}
      {open === "shortcuts" ? (
        <ShortcutsSheet open onOpenChange={(next) => setOpen(next ? "shortcuts" : null)} />
      ) : null}
    </>
  );
}

const pick = ({ key, metaKey, ctrlKey, altKey, defaultPrevented, isComposing }: KeyboardEvent) => ({
  key,
  metaKey,
  ctrlKey,
  altKey,
  defaultPrevented,
  isComposing,
});
