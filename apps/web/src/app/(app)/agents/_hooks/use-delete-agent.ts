"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { isApiError } from "@/lib/api/client";
import { agentsKeys, deleteAgentMutationOptions } from "@/lib/queries/agents";

/** Deletes an agent (with its runs; there is no trash for agents), then refreshes the lists. */
export function useDeleteAgent(onDeleted: (id: string) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    ...deleteAgentMutationOptions(),
    onSuccess: (_, agent) => {
      toast(`Deleted “${agent.name}”`);
      queryClient.removeQueries({ queryKey: agentsKeys.detail(agent.id) });
      onDeleted(agent.id);
    },
    onError: (error, agent) => {
      const gone = isApiError(error) && error.status === 404;
      toast.error(gone ? `“${agent.name}” was already deleted` : `Could not delete “${agent.name}”`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: agentsKeys.lists() }),
  });
}
