"use client";

import { useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { filesHref } from "@/lib/files/files-href";
import { normalizeFolder } from "@/lib/files/paths";

/**
 * The folder and search of the page, kept in the URL. Changes go through `history.pushState`,
 * which Next keeps in sync with `useSearchParams` without asking the server to render the page
 * again: the client query fetches the new folder itself. Back and forward walk the folders.
 */
export function useFilesLocation() {
  const params = useSearchParams();
  const folder = normalizeFolder(params.get("folder"));
  const q = params.get("q")?.trim() ?? "";

  const openFolder = useCallback((next: string) => {
    window.history.pushState(null, "", filesHref({ folder: next }));
  }, []);

  // Typing a search replaces the entry, so Back leaves the search instead of undoing keystrokes.
  const setQuery = useCallback(
    (next: string) => {
      window.history.replaceState(null, "", filesHref({ folder, q: next }));
    },
    [folder],
  );

  return { folder, q, openFolder, setQuery };
}
