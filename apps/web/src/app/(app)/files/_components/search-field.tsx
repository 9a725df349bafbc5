"use client";

import { MagnifyingGlassIcon } from "@phosphor-icons/react";
import { useEffect, useState } from "react";
import { Input } from "@/components/ui/input";

const SEARCH_DELAY_MS = 250;

/**
 * Search by name inside the current folder. Typing settles for a moment before the URL (and so the
 * query) changes, so each keystroke is not a request; Enter searches at once.
 */
export function SearchField({ value, onSearch }: { value: string; onSearch(q: string): void }) {
  const [draft, setDraft] = useState(value);
  // The search can change from outside (Clear search, Back): adopt it, unless it is just what was
  // typed, trimmed, so a space typed before the next word survives.
  const [adopted, setAdopted] = useState(value);
  if (value !== adopted) {
    setAdopted(value);
    if (value !== draft.trim()) setDraft(value);
  }

  useEffect(() => {
    const next = draft.trim();
    if (next === value) return;
    const timer = setTimeout(() => onSearch(next), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, value, onSearch]);

  return (
    <search className="w-full sm:max-w-xs">
      <form
        className="relative"
        onSubmit={(event) => {
          event.preventDefault();
          onSearch(draft.trim());
        }}
      >
        <label htmlFor="files-search" className="sr-only">
          Search files by name
        </label>
        <MagnifyingGlassIcon
          aria-hidden="true"
          className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
        />
        <Input
          id="files-search"
          type="search"
          placeholder="Search in this folder"
          autoComplete="off"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          className="pl-8"
        />
      </form>
    </search>
  );
}
