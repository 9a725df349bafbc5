"use client";

import { uuid } from "@copilot/protocol";
import { useSearchParams } from "next/navigation";
import { useCallback } from "react";

/** `/agents?q=…&agent=…` with empty parts left out. */
export function agentsHref(view: { q?: string; agentId?: string | null }): string {
  const params = new URLSearchParams();
  if (view.q) params.set("q", view.q);
  if (view.agentId) params.set("agent", view.agentId);
  const query = params.toString();
  return query ? `/agents?${query}` : "/agents";
}

/**
 * The search and the selected agent, kept in the URL. Changes go through the History API, which
 * Next keeps in sync with `useSearchParams` without rendering the page on the server again: the
 * client queries fetch what the new view needs. Selecting pushes (Back returns to the previous
 * agent); typing a search replaces.
 */
export function useAgentsView() {
  const params = useSearchParams();
  const q = params.get("q")?.trim() ?? "";
  const selected = params.get("agent");
  const agentId = selected && uuid.safeParse(selected).success ? selected : null;

  const select = useCallback(
    (next: string | null) => window.history.pushState(null, "", agentsHref({ q, agentId: next })),
    [q],
  );
  const setQuery = useCallback(
    (next: string) => window.history.replaceState(null, "", agentsHref({ q: next, agentId })),
    [agentId],
  );
  return { q, agentId, select, setQuery };
}
