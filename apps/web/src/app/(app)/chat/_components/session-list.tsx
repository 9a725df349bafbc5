"use client";

import type { ChatSession } from "@copilot/protocol";
import { MagnifyingGlassIcon } from "@phosphor-icons/react";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { useDeferredValue, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { groupByDate } from "@/lib/chat/date-groups";
import { onSessionsChanged } from "@/lib/chat/tabs/sessions-channel";
import {
  chatKeys,
  chatSessionsQueryOptions,
  pinnedSessionsQueryOptions,
  sessionSearchQueryOptions,
} from "@/lib/queries/chat";
import { SessionItem } from "./session-item";

/**
 * The user's conversations: a search over titles and messages (server-side), the pinned ones, then
 * the rest by date, newest first, a page at a time; kept in step with the other tabs.
 */
export function SessionList({ onNavigate }: { onNavigate?: () => void }) {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  // Typing stays responsive; the query follows the deferred value.
  const q = useDeferredValue(search.trim());
  useEffect(
    () => onSessionsChanged(() => void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() })),
    [queryClient],
  );

  return (
    <div className="flex flex-col gap-3">
      <div className="relative px-1">
        <MagnifyingGlassIcon
          aria-hidden="true"
          className="-translate-y-1/2 pointer-events-none absolute top-1/2 left-3.5 size-4 text-muted-foreground"
        />
        <Input
          type="search"
          aria-label="Search chats"
          placeholder="Search chats"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className="h-8 pl-8 text-base sm:text-sm"
        />
      </div>
      {q === "" ? <AllSessions onNavigate={onNavigate} /> : <SearchResults q={q} onNavigate={onNavigate} />}
    </div>
  );
}

function SearchResults({ q, onNavigate }: { q: string; onNavigate?: () => void }) {
  const results = useInfiniteQuery(sessionSearchQueryOptions(q));
  if (results.isPending) return <Loading />;
  if (results.isError) return <LoadError onRetry={() => void results.refetch()} />;
  const items = results.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <p className="px-1 text-muted-foreground text-sm">No chats match “{q}”.</p>;
  return (
    <div className="flex flex-col gap-2">
      <SessionGroup label={`Chats matching “${q}”`} items={items} onNavigate={onNavigate} />
      <MorePages query={results} />
    </div>
  );
}

function AllSessions({ onNavigate }: { onNavigate?: () => void }) {
  const sessions = useInfiniteQuery(chatSessionsQueryOptions());
  const pinned = useInfiniteQuery(pinnedSessionsQueryOptions());
  if (sessions.isPending) return <Loading />;
  if (sessions.isError) return <LoadError onRetry={() => void sessions.refetch()} />;
  const pinnedItems = pinned.data?.pages.flatMap((page) => page.items) ?? [];
  // Pinned chats show once, in their own group, whichever page of the full list holds them.
  const rest = sessions.data.pages.flatMap((page) => page.items).filter((session) => !session.pinned);
  if (rest.length === 0 && pinnedItems.length === 0) {
    return <p className="px-1 text-muted-foreground text-sm">No conversations yet.</p>;
  }
  const now = new Date();
  return (
    <div className="flex flex-col gap-3">
      {pinnedItems.length > 0 ? (
        <SessionGroup label="Pinned" items={pinnedItems} onNavigate={onNavigate} />
      ) : null}
      {groupByDate(rest, now).map(({ group, items }) => (
        <SessionGroup key={group} label={group} items={items} onNavigate={onNavigate} />
      ))}
      <MorePages query={sessions} />
    </div>
  );
}

function SessionGroup({
  label,
  items,
  onNavigate,
}: {
  label: string;
  items: ChatSession[];
  onNavigate?: () => void;
}) {
  const pathname = usePathname();
  return (
    <section aria-label={label} className="flex flex-col gap-0.5">
      <h3 className="px-3 font-medium text-muted-foreground text-xs">{label}</h3>
      <ul className="flex flex-col gap-0.5">
        {items.map((session) => (
          <SessionItem
            key={session.id}
            session={session}
            active={pathname === `/chat/${session.id}`}
            onNavigate={onNavigate}
          />
        ))}
      </ul>
    </section>
  );
}

function MorePages({
  query,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage(): Promise<unknown> };
}) {
  if (!query.hasNextPage) return null;
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={query.isFetchingNextPage}
      onClick={() => void query.fetchNextPage()}
    >
      {query.isFetchingNextPage ? "Loading…" : "Show older conversations"}
    </Button>
  );
}

function Loading() {
  return (
    <div role="status" aria-busy="true" className="flex flex-col gap-2 px-1">
      <span className="sr-only">Loading conversations…</span>
      <Skeleton className="h-8" />
      <Skeleton className="h-8" />
    </div>
  );
}

function LoadError({ onRetry }: { onRetry(): void }) {
  return (
    <div className="flex flex-col gap-2 px-1 text-muted-foreground text-sm">
      <p>Could not load your conversations.</p>
      <Button variant="outline" size="sm" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}
