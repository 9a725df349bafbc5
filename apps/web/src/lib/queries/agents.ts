import {
  type Agent,
  type AgentRun,
  type AgentSummary,
  agentRunSchema,
  agentSchema,
  agentSummarySchema,
  type BlockInfo,
  blockInfoSchema,
  pageSchema,
  type RunInputs,
} from "@copilot/protocol";
import { infiniteQueryOptions, mutationOptions, queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { api, expectOk, unwrap } from "../api/client";

export const agentPageSchema = pageSchema(agentSummarySchema);
export const runPageSchema = pageSchema(agentRunSchema);
export const blockListSchema = z.object({ items: z.array(blockInfoSchema) });
export type AgentPage = { items: AgentSummary[]; next_cursor: string | null };

export const AGENTS_PAGE_SIZE = 50;
/** The runs the page shows for an agent: the newest ones. */
export const RUNS_SHOWN = 10;
/** How often the runs of an agent are read again while one of them is still going. */
export const RUN_POLL_MS = 1_000;

export const agentsKeys = {
  all: ["agents"] as const,
  lists: () => [...agentsKeys.all, "list"] as const,
  list: (q: string) => [...agentsKeys.lists(), q] as const,
  detail: (id: string) => [...agentsKeys.all, "detail", id] as const,
  runs: (id: string) => [...agentsKeys.all, "runs", id] as const,
  blocks: () => [...agentsKeys.all, "blocks"] as const,
};

export const listAgentsQuery = (q: string, cursor: string | null) => ({
  q: q === "" ? undefined : q,
  limit: AGENTS_PAGE_SIZE,
  cursor: cursor ?? undefined,
});

/** The caller's agents matching `q` (name or description), most recently changed first. */
export function agentListQueryOptions(q: string) {
  return infiniteQueryOptions({
    queryKey: agentsKeys.list(q),
    queryFn: async ({ pageParam, signal }): Promise<AgentPage> =>
      agentPageSchema.parse(
        await unwrap(api.GET("/api/agents", { params: { query: listAgentsQuery(q, pageParam) }, signal })),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

export function agentQueryOptions(id: string) {
  return queryOptions({
    queryKey: agentsKeys.detail(id),
    queryFn: async ({ signal }): Promise<Agent> =>
      agentSchema.parse(await unwrap(api.GET("/api/agents/{id}", { params: { path: { id } }, signal }))),
  });
}

const isActive = (run: AgentRun) => run.status === "queued" || run.status === "running";

/** The newest runs of an agent, read again every second while one of them is still going. */
export function agentRunsQueryOptions(id: string) {
  return queryOptions({
    queryKey: agentsKeys.runs(id),
    queryFn: async ({ signal }): Promise<AgentRun[]> =>
      runPageSchema.parse(
        await unwrap(
          api.GET("/api/agents/{id}/runs", {
            params: { path: { id }, query: { limit: RUNS_SHOWN } },
            signal,
          }),
        ),
      ).items,
    refetchInterval: (query) => (query.state.data?.some(isActive) ? RUN_POLL_MS : false),
    staleTime: 0,
  });
}

/** The block catalogue: descriptions and schemas for the node details. Never changes while the server runs. */
export function blocksQueryOptions() {
  return queryOptions({
    queryKey: agentsKeys.blocks(),
    queryFn: async ({ signal }): Promise<BlockInfo[]> =>
      blockListSchema.parse(await unwrap(api.GET("/api/agents/blocks", { signal }))).items,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function deleteAgentMutationOptions() {
  return mutationOptions({
    mutationKey: [...agentsKeys.all, "delete"],
    mutationFn: (agent: Pick<AgentSummary, "id" | "name">): Promise<void> =>
      expectOk(api.DELETE("/api/agents/{id}", { params: { path: { id: agent.id } } })),
  });
}

export function startRunMutationOptions() {
  return mutationOptions({
    mutationKey: [...agentsKeys.all, "run"],
    mutationFn: async ({ id, inputs }: { id: string; inputs: RunInputs }): Promise<AgentRun> =>
      agentRunSchema.parse(
        await unwrap(api.POST("/api/agents/{id}/runs", { params: { path: { id } }, body: { inputs } })),
      ),
  });
}

export function cancelRunMutationOptions() {
  return mutationOptions({
    mutationKey: [...agentsKeys.all, "cancel"],
    mutationFn: async (run: Pick<AgentRun, "id">): Promise<AgentRun> =>
      agentRunSchema.parse(
        await unwrap(api.POST("/api/agents/runs/{run_id}/cancel", { params: { path: { run_id: run.id } } })),
      ),
  });
}
