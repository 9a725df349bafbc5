import { type Operation, operationSchema } from "@copilot/protocol";
import { mutationOptions, queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";

export const operationsKeys = {
  all: ["operations"] as const,
  detail: (id: string) => [...operationsKeys.all, id] as const,
};

/** How often a running operation is read again (its card shows elapsed time and the end). */
export const OPERATION_POLL_MS = 1_000;

/** One operation of the user's, read again every second while it runs. */
export function operationQueryOptions(id: string) {
  return queryOptions({
    queryKey: operationsKeys.detail(id),
    queryFn: async ({ signal }): Promise<Operation> =>
      operationSchema.parse(
        await unwrap(api.GET("/api/chat/operations/{id}", { params: { path: { id } }, signal })),
      ),
    refetchInterval: (query) => (query.state.data?.status === "running" ? OPERATION_POLL_MS : false),
    staleTime: 0,
  });
}

export function cancelOperationMutationOptions() {
  return mutationOptions({
    mutationKey: [...operationsKeys.all, "cancel"],
    mutationFn: async (id: string): Promise<Operation> =>
      operationSchema.parse(
        await unwrap(api.POST("/api/chat/operations/{id}/cancel", { params: { path: { id } } })),
      ),
  });
}
