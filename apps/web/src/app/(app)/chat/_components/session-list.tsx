"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { onSessionsChanged } from "@/lib/chat/tabs/sessions-channel";
import { chatKeys, chatSessionsQueryOptions } from "@/lib/queries/chat";
import { SessionItem } from "./session-item";

/** The user's conversations, newest first, a page at a time; kept in step with the other tabs. */
export function SessionList({ onNavigate }: { onNavigate?: () => void }) {
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const sessions = useInfiniteQuery(chatSessionsQueryOptions());
  useEffect(
    () => onSessionsChanged(() => void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() })),
    [queryClient],
  );

  if (sessions.isPending) {
    return (
      <div role="status" aria-busy="true" className="flex flex-col gap-2 px-1">
        <span className="sr-only">Loading conversations…</span>
        <Skeleton className="h-8" />
        <Skeleton className="h-8" />
      </div>
    );
  }
  if (sessions.isError) {
    return (
      <div className="flex flex-col gap-2 px-1 text-muted-foreground text-sm">
        <p>Could not load your conversations.</p>
        <Button variant="outline" size="sm" onClick={() => void sessions.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  const items = sessions.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <p className="px-1 text-muted-foreground text-sm">No conversations yet.</p>;
  return (
    <div className="flex flex-col gap-2">
      <ul aria-label="Conversations" className="flex flex-col gap-0.5">
        {items.map((session) => (
          <SessionItem
            key={session.id}
            session={session}
            active={pathname === `/chat/${session.id}`}
            onNavigate={onNavigate}
          />
        ))}
      </ul>
      {sessions.hasNextPage ? (
        <Button
          variant="ghost"
          size="sm"
          disabled={sessions.isFetchingNextPage}
          onClick={() => void sessions.fetchNextPage()}
        >
          {sessions.isFetchingNextPage ? "Loading…" : "Show older conversations"}
        </Button>
      ) : null}
    </div>
  );
}
