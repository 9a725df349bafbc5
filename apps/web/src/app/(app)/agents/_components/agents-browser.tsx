"use client";

import { GraphIcon } from "@phosphor-icons/react";
import { useAgentsView } from "../_hooks/use-agents-view";
import { AgentDetail } from "./agent-detail";
import { AgentList } from "./agent-list";

/** The page: the agents on the left (search, delete), the selected one on the right. */
export function AgentsBrowser() {
  const { q, agentId, select, setQuery } = useAgentsView();
  return (
    <div className="flex min-w-0 flex-1 flex-col overflow-y-auto">
      <div className="mx-auto flex w-full max-w-7xl flex-col gap-5 p-4 md:p-6">
        <div>
          <p className="text-muted-foreground text-sm">Graphs of blocks you can run</p>
          <h1 className="font-semibold text-2xl">Agents</h1>
        </div>
        <div className="flex flex-col gap-6 md:flex-row">
          <div className="md:w-72 md:shrink-0">
            <AgentList q={q} selectedId={agentId} onSearch={setQuery} onSelect={select} />
          </div>
          <div className="min-w-0 flex-1">
            {agentId ? (
              <AgentDetail key={agentId} agentId={agentId} />
            ) : (
              <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center text-sm">
                <GraphIcon aria-hidden="true" className="size-8 text-muted-foreground" />
                <p className="font-medium">Select an agent to see its graph and runs</p>
              </div>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
