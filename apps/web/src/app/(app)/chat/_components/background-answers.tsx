"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useParams, useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { toast } from "sonner";
import { finishedSince } from "@/lib/chat/finished-sessions";
import { chatSessionsQueryOptions } from "@/lib/queries/chat";

/**
 * Tells the user when an answer finishes in a chat they are not looking at: a toast with a way
 * there, and (when the tab is hidden and the browser allows notifications) a system notification.
 * It reads the conversation list the sidebar already keeps fresh while any chat runs, so it costs
 * no request of its own.
 */
export function BackgroundAnswers() {
  const list = useInfiniteQuery(chatSessionsQueryOptions());
  const params = useParams<{ session_id?: string }>();
  const current = params.session_id ?? null;
  const router = useRouter();
  const seen = useRef<Map<string, boolean>>(new Map());

  useEffect(() => {
    const sessions = list.data?.pages.flatMap((page) => page.items) ?? [];
    const { finished, seen: next } = finishedSince(seen.current, sessions);
    seen.current = next;
    const hidden = document.visibilityState === "hidden";
    for (const session of finished) {
      // A hidden tab gets a system notification (when allowed), also for the chat it shows.
      if (hidden && "Notification" in window && Notification.permission === "granted") {
        new Notification("An answer is ready", { body: session.title, tag: session.id });
      }
      if (session.id === current) continue;
      toast.success("An answer is ready", {
        id: `answer-ready-${session.id}`,
        description: session.title,
        duration: 10_000,
        action: { label: "Open", onClick: () => router.push(`/chat/${session.id}`) },
      });
    }
  }, [list.data, current, router]);
  return null;
}
