import { agentRunSchema, agentSchema, pageSchema } from "@copilot/protocol";
import type { QueryClient } from "@tanstack/react-query";
import { toApiError } from "@/lib/api/api-error";
import { requestApi } from "@/lib/api/server";
import {
  agentListQueryOptions,
  agentPageSchema,
  agentQueryOptions,
  agentRunsQueryOptions,
  listAgentsQuery,
  RUNS_SHOWN,
} from "@/lib/queries/agents";

/**
 * Fills `queryClient` on the server (with the browser's cookie) with the first page of agents for
 * `q` and, when one is selected, that agent and its newest runs, under the keys the client
 * components subscribe to. Failures are not dehydrated: the browser retries and shows its error.
 */
export async function prefetchAgents(queryClient: QueryClient, view: { q: string; agentId: string | null }) {
  const api = await requestApi();
  const loads: Array<Promise<void>> = [
    queryClient.prefetchInfiniteQuery({
      ...agentListQueryOptions(view.q),
      retry: false,
      queryFn: async ({ pageParam }) => {
        const { data, error, response } = await api.GET("/api/agents", {
          params: { query: listAgentsQuery(view.q, pageParam) },
        });
        if (error !== undefined || !response.ok) throw toApiError(error, response);
        return agentPageSchema.parse(data);
      },
    }),
  ];
  const id = view.agentId;
  if (id) {
    loads.push(
      queryClient.prefetchQuery({
        ...agentQueryOptions(id),
        retry: false,
        queryFn: async () => {
          const { data, error, response } = await api.GET("/api/agents/{id}", { params: { path: { id } } });
          if (error !== undefined || !response.ok) throw toApiError(error, response);
          return agentSchema.parse(data);
        },
      }),
      queryClient.prefetchQuery({
        ...agentRunsQueryOptions(id),
        retry: false,
        queryFn: async () => {
          const { data, error, response } = await api.GET("/api/agents/{id}/runs", {
            params: { path: { id }, query: { limit: RUNS_SHOWN } },
          });
          if (error !== undefined || !response.ok) throw toApiError(error, response);
          return pageSchema(agentRunSchema).parse(data).items;
        },
      }),
    );
  }
  await Promise.all(loads);
}
