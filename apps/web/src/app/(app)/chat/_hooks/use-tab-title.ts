"use client";

import { useEffect, useRef } from "react";

const APP = "CoPilot";

/**
 * The tab's title follows the conversation: "● <title>" while an answer is written, "✓ <title>"
 * when it finished while the tab was hidden (until the tab is seen again), else "<title>".
 */
export function useTabTitle(title: string, streaming: boolean) {
  const wasStreaming = useRef(streaming);
  useEffect(() => {
    const base = title ? `${title} · ${APP}` : APP;
    const finishedUnseen = wasStreaming.current && !streaming && document.visibilityState === "hidden";
    wasStreaming.current = streaming;
    document.title = streaming ? `● ${base}` : finishedUnseen ? `✓ ${base}` : base;
    if (!finishedUnseen) return;
    const seen = () => {
      if (document.visibilityState === "visible") document.title = base;
    };
    document.addEventListener("visibilitychange", seen);
    return () => document.removeEventListener("visibilitychange", seen);
  }, [title, streaming]);
}
