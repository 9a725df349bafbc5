import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentRuns } from "../db/schema";
import type { JobQueue } from "../jobs/job-queue";
import { sumGraph } from "../testing/agent-fixtures";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";
import { createAgent } from "./agent-store";
import { handleAgentRunJob } from "./run-job";
import { type AgentsEnv, cancelRun, endInterruptedRuns, executeRunById, getRun, startRun } from "./runs";

const available = await modeAvailable();

const graph = sumGraph;

/**
 * The app's queue, except that runs are recorded but not started: what the queue holds between
 * accepting a run and a worker claiming it.
 */
function heldJobs(jobs: JobQueue): JobQueue & { held: string[] } {
  const held: string[] = [];
  return {
    ...jobs,
    held,
    enqueue: async (_name, _payload, { jobId }) => {
      held.push(jobId);
    },
  };
}

describe.skipIf(!available)("agent runs: claim, cancel while queued, restart sweep", () => {
  let t: TestApp;
  let user: TestUser;
  let env: AgentsEnv & { jobs: ReturnType<typeof heldJobs> };
  let agentId: string;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    t = await createTestApp();
    user = await t.signup();
    env = { ...t.deps, jobs: heldJobs(t.deps.jobs) };
    agentId = (await createAgent(t.deps.db, t.deps.blocks, user.id, { name: "Sum", description: "", graph }))
      .id;
  });
  afterAll(() => t?.close());

  it("a queued run is claimed once, however many workers try", async () => {
    const run = await startRun(env, user.id, agentId, { inputs: {} });
    expect(run.status).toBe("queued");
    expect(env.jobs.held).toContain(run.id);
    const outcomes = await Promise.all([
      executeRunById(env, run.id, signal),
      executeRunById(env, run.id, signal),
    ]);
    expect(outcomes.filter((outcome) => outcome !== null)).toHaveLength(1);
    expect(await getRun(t.deps.db, user.id, run.id)).toMatchObject({
      status: "completed",
      outputs: { sum: 6 },
    });
  });

  it("a run cancelled while queued ends at once and never runs", async () => {
    const run = await startRun(env, user.id, agentId, { inputs: {} });
    const cancelled = await cancelRun(env, user.id, run.id);
    expect(cancelled).toMatchObject({ status: "cancelled", error: { code: "cancelled" }, started_at: null });
    expect(cancelled.ended_at).not.toBeNull();
    expect(await executeRunById(env, run.id, signal)).toBeNull();
    const after = await getRun(t.deps.db, user.id, run.id);
    expect(after.status).toBe("cancelled");
    expect(Object.values(after.nodes).every((node) => node.status === "pending")).toBe(true);
  });

  it("a run whose worker died starts again from its first node on the job's next attempt", async () => {
    const run = await startRun(env, user.id, agentId, { inputs: { numbers: "1 2" } });
    // What a worker that died mid-run leaves: the run claimed, a node done, nothing more.
    await t.deps.db
      .update(agentRuns)
      .set({ status: "running", startedAt: new Date() })
      .where(eq(agentRuns.id, run.id));
    const context = (attempt: number) => ({ jobId: run.id, attempt, deaths: attempt - 1, signal });
    // The same attempt again (a duplicate delivery) finds nothing to claim.
    await handleAgentRunJob(env, { runId: run.id }, context(1));
    expect((await getRun(t.deps.db, user.id, run.id)).status).toBe("running");
    await handleAgentRunJob(env, { runId: run.id }, context(2));
    expect(await getRun(t.deps.db, user.id, run.id)).toMatchObject({
      status: "completed",
      outputs: { sum: 3 },
    });
  });

  it("after a restart, runs the previous process left queued or running end as failed (server_restarted)", async () => {
    const run = await startRun(env, user.id, agentId, { inputs: {} });
    expect(await endInterruptedRuns(t.deps.db)).toBeGreaterThanOrEqual(1);
    expect(await getRun(t.deps.db, user.id, run.id)).toMatchObject({
      status: "failed",
      error: { code: "server_restarted" },
    });
    expect(await executeRunById(env, run.id, signal)).toBeNull();
  });
});
