"use client";

import { useEffect, useRef, useState } from "react";

const PREFIX = "copilot:draft:";
// A draft is the user's words: keep them for days, not forever, and never more than a message.
const MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

type Stored = { text: string; at: number };

function read(key: string): string {
  try {
    const stored = JSON.parse(localStorage.getItem(PREFIX + key) ?? "null") as Stored | null;
    if (!stored || typeof stored.text !== "string" || Date.now() - stored.at > MAX_AGE_MS) return "";
    return stored.text;
  } catch {
    return "";
  }
}

function write(key: string, text: string) {
  try {
    if (text === "") localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, JSON.stringify({ text, at: Date.now() } satisfies Stored));
  } catch {
    // Storage full or disabled (private mode): the draft just is not kept.
  }
}

/**
 * The composer's text, kept per chat in localStorage so a reload (or a crash of the tab) never
 * loses what the user was writing. Without a key it is plain state. Read after mount: the server
 * renders an empty box, so hydration never disagrees.
 */
export function useDraft(
  key: string | undefined,
): [string, (update: string | ((current: string) => string)) => void] {
  const [text, setText] = useState("");
  const loadedKey = useRef<string | null>(null);

  useEffect(() => {
    if (key === undefined) return;
    loadedKey.current = key;
    setText(read(key));
  }, [key]);

  useEffect(() => {
    if (key !== undefined && loadedKey.current === key) write(key, text);
  }, [key, text]);

  return [text, setText];
}
