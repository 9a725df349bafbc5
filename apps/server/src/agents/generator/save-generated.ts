import { Readable } from "node:stream";
import type { Agent, WorkspaceFile } from "@copilot/protocol";
import type { BlockRegistry } from "../../blocks/registry";
import type { Database } from "../../db/client";
import type { WorkspaceFiles } from "../../workspace/workspace-files";
import { createAgent, deleteAgent } from "../agent-store";
import type { GeneratedAgent } from "./generate-agent";

/** Where a generated agent's JSON is kept: beside its runs' folders. */
export const agentJsonPath = (agentId: string) => `/agents/${agentId}/agent.json`;

/**
 * Keeps what the generator made: a new agent of the user's, and its JSON (goal, how it was made,
 * graph) in the workspace. All or nothing: when the file cannot be written (quota) the agent is
 * deleted again and the error is thrown.
 */
export async function saveGeneratedAgent(
  env: { db: Database; blocks: BlockRegistry; files: WorkspaceFiles },
  userId: string,
  goal: string,
  generated: GeneratedAgent,
): Promise<{ agent: Agent; file: WorkspaceFile }> {
  const agent = await createAgent(env.db, env.blocks, userId, {
    name: generated.name.slice(0, 200),
    description: generated.description.slice(0, 2_000),
    graph: generated.graph,
  });
  const json = Buffer.from(
    `${JSON.stringify({ id: agent.id, name: agent.name, description: agent.description, goal, source: generated.source, graph: generated.graph }, null, 2)}\n`,
  );
  try {
    const { file } = await env.files.upload(
      { userId },
      {
        path: agentJsonPath(agent.id),
        body: Readable.from([json]),
        overwrite: true,
        sizeHint: { bytes: json.length, exact: true },
        metadata: { source: "agent_generator", agent_id: agent.id },
      },
    );
    return { agent, file };
  } catch (error) {
    await deleteAgent(env.db, userId, agent.id).catch(() => undefined);
    throw error;
  }
}
