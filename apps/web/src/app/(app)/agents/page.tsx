import { uuid } from "@copilot/protocol";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { makeQueryClient } from "@/lib/queries/query-client";
import { AgentsBrowser } from "./_components/agents-browser";
import { prefetchAgents } from "./_lib/prefetch-agents";

export const metadata: Metadata = { title: "Agents" };

type SearchParams = Record<string, string | string[] | undefined>;
const firstOf = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The user's agents. The search and the selected agent live in the URL (`?q=chart&agent=<id>`),
 * so a reload or a shared link opens the same view; this server component fetches that view and
 * the client components start from it.
 */
export default async function AgentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const selected = firstOf(params.agent);
  const view = {
    q: firstOf(params.q)?.trim() ?? "",
    agentId: selected && uuid.safeParse(selected).success ? selected : null,
  };
  const queryClient = makeQueryClient();
  await prefetchAgents(queryClient, view);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AgentsBrowser />
    </HydrationBoundary>
  );
}
