import { agentGraphSchema } from "@copilot/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, modeAvailable, type TestApp, type TestUser } from "../testing/test-app";
import { createAgent } from "./agent-store";
import type { RunRegistry } from "./run-registry";
import { type AgentsEnv, cancelRun, endInterruptedRuns, executeRunById, getRun, startRun } from "./runs";

const available = await modeAvailable();

const graph = agentGraphSchema.parse({
  nodes: [
    { id: "numbers", block: "agent_input", input: { name: "numbers", default: "2 4" } },
    { id: "parse", block: "parse_numbers" },
    { id: "stats", block: "number_stats" },
    { id: "out", block: "agent_output", input: { name: "sum" } },
  ],
  links: [
    { from: { node: "numbers", output: "value" }, to: { node: "parse", input: "text" } },
    { from: { node: "parse", output: "numbers" }, to: { node: "stats", input: "numbers" } },
    { from: { node: "stats", output: "sum" }, to: { node: "out", input: "value" } },
  ],
});

/**
 * Runs recorded but not started: what a job queue does between accepting a run and a worker
 * claiming it (part B's scheduler plugs in at `agentRuns.start`).
 */
function heldRuns(): RunRegistry & { held: string[] } {
  const held: string[] = [];
  return {
    held,
    start: (runId) => void held.push(runId),
    abort: () => false,
    settled: async () => undefined,
    size: 0,
    drain: async () => undefined,
  };
}

describe.skipIf(!available)("agent runs: claim, cancel while queued, restart sweep", () => {
  let t: TestApp;
  let user: TestUser;
  let env: AgentsEnv & { agentRuns: ReturnType<typeof heldRuns> };
  let agentId: string;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    t = await createTestApp();
    user = await t.signup();
    env = { ...t.deps, agentRuns: heldRuns() };
    agentId = (await createAgent(t.deps.db, t.deps.blocks, user.id, { name: "Sum", description: "", graph }))
      .id;
  });
  afterAll(() => t?.close());

  it("a queued run is claimed once, however many workers try", async () => {
    const run = await startRun(env, user.id, agentId, { inputs: {} });
    expect(run.status).toBe("queued");
    expect(env.agentRuns.held).toContain(run.id);
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
