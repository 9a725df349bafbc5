import { and, eq } from "drizzle-orm";
import { agentRuns } from "../db/schema";
import type { JobPayload } from "../jobs/job-catalog";
import type { JobContext } from "../jobs/job-queue";
import { type AgentsEnv, executeRunById } from "./runs";

/**
 * The `agent_run` job: claims the queued run and executes it in this worker. A later attempt (the
 * worker before it died, or handed the job back when it stopped) finds the run still `running`:
 * it goes back to `queued` and starts again from its first node.
 */
export async function handleAgentRunJob(
  env: AgentsEnv,
  payload: JobPayload<"agent_run">,
  context: JobContext,
): Promise<void> {
  const { runId } = payload;
  if (context.attempt > 1) {
    await env.db
      .update(agentRuns)
      .set({ status: "queued", startedAt: null, updatedAt: new Date() })
      .where(and(eq(agentRuns.id, runId), eq(agentRuns.status, "running")));
  }
  await env.agentRuns.run(runId, (signal) => executeRunById(env, runId, signal), context.signal);
}
