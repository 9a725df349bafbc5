"use client";

import type { AgentSummary } from "@copilot/protocol";
import { GraphIcon, MagnifyingGlassIcon, TrashIcon } from "@phosphor-icons/react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import { agentListQueryOptions } from "@/lib/queries/agents";
import { useDeleteAgent } from "../_hooks/use-delete-agent";

const SEARCH_DELAY_MS = 250;

function SearchAgents({ value, onSearch }: { value: string; onSearch(q: string): void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => {
    const next = draft.trim();
    if (next === value) return;
    const timer = setTimeout(() => onSearch(next), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, value, onSearch]);
  return (
    <search className="relative">
      <label htmlFor="agents-search" className="sr-only">
        Search agents
      </label>
      <MagnifyingGlassIcon
        aria-hidden="true"
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
      />
      <Input
        id="agents-search"
        type="search"
        placeholder="Search agents"
        autoComplete="off"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        className="pl-8"
      />
    </search>
  );
}

/** The caller's agents matching the search, each selectable and deletable (after a confirmation). */
export function AgentList({
  q,
  selectedId,
  onSearch,
  onSelect,
}: {
  q: string;
  selectedId: string | null;
  onSearch(q: string): void;
  onSelect(id: string | null): void;
}) {
  const list = useInfiniteQuery(agentListQueryOptions(q));
  const [doomed, setDoomed] = useState<AgentSummary | null>(null);
  const remove = useDeleteAgent((id) => {
    if (id === selectedId) onSelect(null);
  });
  const agents = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="flex flex-col gap-3">
      <SearchAgents value={q} onSearch={onSearch} />
      {list.isPending ? (
        <div className="flex flex-col gap-2">
          <Skeleton className="h-14" />
          <Skeleton className="h-14" />
        </div>
      ) : list.isError ? (
        <div className="flex flex-col items-start gap-2 text-sm">
          <p className="text-destructive">The agents could not be loaded.</p>
          <Button variant="outline" size="sm" onClick={() => void list.refetch()}>
            Try again
          </Button>
        </div>
      ) : agents.length === 0 ? (
        <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed px-4 py-8 text-center text-sm">
          <GraphIcon aria-hidden="true" className="size-7 text-muted-foreground" />
          <p className="font-medium">{q ? `No agents match “${q}”` : "No agents yet"}</p>
          {q ? null : (
            <p className="text-muted-foreground">
              Create one with the API (POST /api/agents); see docs/agents.md.
            </p>
          )}
        </div>
      ) : (
        <ul aria-label="Agents" className="flex flex-col gap-1">
          {agents.map((agent) => (
            <li key={agent.id} data-agent-id={agent.id} className="group flex items-center gap-1">
              <button
                type="button"
                aria-current={agent.id === selectedId ? "true" : undefined}
                onClick={() => onSelect(agent.id)}
                className={cn(
                  "flex min-w-0 flex-1 flex-col rounded-md px-3 py-2 text-left hover:bg-accent",
                  agent.id === selectedId && "bg-accent",
                )}
              >
                <span className="truncate font-medium text-sm">{agent.name}</span>
                <span className="truncate text-muted-foreground text-xs">
                  {agent.node_count} nodes · version {agent.version}
                </span>
              </button>
              <Button
                variant="ghost"
                size="icon"
                aria-label={`Delete ${agent.name}`}
                onClick={() => setDoomed(agent)}
              >
                <TrashIcon aria-hidden="true" />
              </Button>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage ? (
        <Button
          variant="outline"
          size="sm"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          Load more
        </Button>
      ) : null}
      <AlertDialog open={doomed !== null} onOpenChange={(open) => !open && setDoomed(null)}>
        {doomed ? (
          <AlertDialogContent>
            <AlertDialogHeader>
              <AlertDialogTitle className="break-all">Delete “{doomed.name}”?</AlertDialogTitle>
              <AlertDialogDescription>
                The agent, all its versions and its runs are deleted. Files its runs saved stay in your
                workspace.
              </AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel autoFocus>Cancel</AlertDialogCancel>
              <AlertDialogAction variant="destructive" onClick={() => remove.mutate(doomed)}>
                Delete
              </AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        ) : null}
      </AlertDialog>
    </div>
  );
}
