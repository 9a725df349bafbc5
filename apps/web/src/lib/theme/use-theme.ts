"use client";

import { useCallback, useEffect, useState } from "react";
import { applyTheme, parseTheme, THEME_STORAGE_KEY, type ThemeChoice } from "./theme";

/** The theme choice and its setter; a change in another tab of this browser applies here too. */
export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>("system");
  useEffect(() => {
    setChoice(parseTheme(localStorage.getItem(THEME_STORAGE_KEY)));
    const onStorage = (event: StorageEvent) => {
      if (event.key !== THEME_STORAGE_KEY) return;
      const next = parseTheme(event.newValue);
      setChoice(next);
      applyTheme(document.documentElement, next);
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);
  const choose = useCallback((next: ThemeChoice) => {
    setChoice(next);
    if (next === "system") localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, next);
    applyTheme(document.documentElement, next);
  }, []);
  return [choice, choose];
}
