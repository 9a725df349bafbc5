import { randomUUID } from "node:crypto";
import type { AgentGraphInput, AgentProgress } from "@copilot/protocol";
import { agentGraphSchema } from "@copilot/protocol";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type Block, defineBlock } from "../blocks/block";
import { agentBlocks } from "../blocks/library/catalog";
import { createBlockRegistry } from "../blocks/registry";
import { AppError } from "../errors";
import { createGate, type Gate } from "../testing/scripted-model";
import { createTestApp, type TestApp } from "../testing/test-app";
import { type RunContext, runGraph } from "./engine";

/**
 * Test blocks: `step` waits for its node's gate (when the test gave one) and records when it
 * started and finished, so order and overlap are observed, never timed. `boom` fails.
 */
function harness() {
  const gates = new Map<string, Gate>();
  const events: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const step: Block = defineBlock({
    name: "step",
    description: "test step",
    input: z.object({ label: z.string(), after: z.record(z.string(), z.unknown()).optional() }),
    output: z.object({ done: z.string() }),
    run: async (input, context) => {
      events.push(`start ${context.nodeId}`);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const gate = gates.get(context.nodeId);
      if (gate) {
        gate.markReached();
        await gate.opened;
      }
      inFlight -= 1;
      events.push(`end ${context.nodeId}`);
      return { done: input.label };
    },
  });
  const boom: Block = defineBlock({
    name: "boom",
    description: "always fails",
    input: z.object({ after: z.record(z.string(), z.unknown()).optional() }),
    output: z.object({ never: z.string() }),
    run: async () => {
      events.push("boom");
      throw new AppError("bad_request", "boom went the block");
    },
  });
  const registry = createBlockRegistry([...agentBlocks(null), step, boom]);
  const gate = (node: string) => {
    const made = createGate();
    gates.set(node, made);
    return made;
  };
  return { registry, events, gate, maxInFlight: () => maxInFlight };
}

const node = (id: string, block = "step", input: Record<string, unknown> = { label: id }) => ({
  id,
  block,
  input,
});
/** Into a step's `after` record the link fills the key named after its source, so several can meet. */
const link = (from: string, output: string, to: string, input: string) => ({
  from: { node: from, output },
  to: input === "after" ? { node: to, input, key: from } : { node: to, input },
});
const graphOf = (graph: AgentGraphInput) => agentGraphSchema.parse(graph);

describe("run engine", () => {
  let t: TestApp;
  let context: RunContext;
  beforeAll(async () => {
    t = await createTestApp({ mode: "embedded" });
    const user = await t.signup();
    const runId = randomUUID();
    context = {
      userId: user.id,
      sessionId: null,
      runId,
      files: t.deps.files,
      model: t.deps.model,
      mediaFolder: `/agents/test/runs/${runId}/`,
      log: pino({ level: "silent" }),
    };
  });
  afterAll(() => t?.close());

  it("runs nodes in dependency order and independent ones concurrently", async () => {
    const h = harness();
    const b = h.gate("b");
    const c = h.gate("c");
    const graph = graphOf({
      nodes: [node("a"), node("b"), node("c"), node("d")],
      links: [
        link("a", "done", "b", "after"),
        link("a", "done", "c", "after"),
        link("b", "done", "d", "after"),
        link("c", "done", "d", "after"),
      ],
    });
    const progress: AgentProgress[] = [];
    const run = runGraph(
      graph,
      h.registry,
      { inputs: {}, context },
      { onProgress: (event) => void progress.push(event) },
    );
    // Both branches start before either is let go: they run at the same time.
    await Promise.all([b.reached, c.reached]);
    expect(h.events).toEqual(["start a", "end a", "start b", "start c"]);
    c.open();
    b.open();
    const outcome = await run;
    expect(outcome.status).toBe("completed");
    expect(h.events.slice(-2)).toEqual(["start d", "end d"]);
    expect(h.events.indexOf("start d")).toBeGreaterThan(
      Math.max(h.events.indexOf("end b"), h.events.indexOf("end c")),
    );
    expect(Object.values(outcome.nodes).map((result) => result.status)).toEqual([
      "completed",
      "completed",
      "completed",
      "completed",
    ]);
    expect(outcome.nodes.d?.output).toEqual({ done: "d" });
    expect(progress.filter((event) => event.step === "node_finished").map((event) => event.node)).toEqual([
      "a",
      "c",
      "b",
      "d",
    ]);
    expect(progress.at(-1)).toMatchObject({ step: "run_completed", fraction: 1 });
  });

  it("never runs more nodes at once than its concurrency", async () => {
    const h = harness();
    const graph = graphOf({ nodes: ["a", "b", "c", "d", "e"].map((id) => node(id)) });
    const gates = ["a", "b", "c", "d", "e"].map((id) => h.gate(id));
    const run = runGraph(graph, h.registry, { inputs: {}, context }, { concurrency: 2 });
    await Promise.all([gates[0]?.reached, gates[1]?.reached]);
    expect(h.events).toEqual(["start a", "start b"]);
    for (const gate of gates) gate.open();
    expect((await run).status).toBe("completed");
    expect(h.maxInFlight()).toBe(2);
  });

  it("a failing node fails the run: running nodes finish and keep their results, later ones are skipped", async () => {
    const h = harness();
    const slow = h.gate("slow");
    const graph = graphOf({
      nodes: [node("slow"), node("bad", "boom", {}), node("after_bad"), node("after_slow")],
      links: [link("bad", "never", "after_bad", "after"), link("slow", "done", "after_slow", "after")],
    });
    const run = runGraph(graph, h.registry, { inputs: {}, context });
    await slow.reached;
    slow.open();
    const outcome = await run;
    expect(outcome.status).toBe("failed");
    expect(outcome.error).toEqual({ code: "bad_request", message: "boom went the block", node: "bad" });
    expect(outcome.nodes.slow).toMatchObject({ status: "completed", output: { done: "slow" } });
    expect(outcome.nodes.bad).toMatchObject({ status: "failed", error: { node: "bad" } });
    expect(outcome.nodes.after_bad?.status).toBe("skipped");
    expect(outcome.nodes.after_slow?.status).toBe("skipped");
    expect(h.events).not.toContain("start after_slow");
  });

  it("cancel stops the run between nodes", async () => {
    const h = harness();
    const first = h.gate("first");
    const graph = graphOf({
      nodes: [node("first"), node("second")],
      links: [link("first", "done", "second", "after")],
    });
    const controller = new AbortController();
    const run = runGraph(graph, h.registry, { inputs: {}, context }, { signal: controller.signal });
    await first.reached;
    controller.abort();
    first.open();
    const outcome = await run;
    expect(outcome.status).toBe("cancelled");
    expect(outcome.error).toMatchObject({ code: "cancelled", node: null });
    expect(outcome.nodes.first?.status).toBe("completed");
    expect(outcome.nodes.second?.status).toBe("skipped");
    expect(h.events).toEqual(["start first", "end first"]);
  });

  it("feeds run inputs to agent_input nodes, records agent_output values, and saves media in the run's folder", async () => {
    const h = harness();
    const graph = graphOf({
      nodes: [
        { id: "numbers", block: "agent_input", input: { name: "numbers", default: "1,2" } },
        { id: "parse", block: "parse_numbers" },
        { id: "chart", block: "chart_png", input: { title: "Run" } },
        { id: "out", block: "agent_output", input: { name: "chart" } },
      ],
      links: [
        link("numbers", "value", "parse", "text"),
        link("parse", "numbers", "chart", "values"),
        link("chart", "image", "out", "value"),
      ],
    });
    const outcome = await runGraph(graph, h.registry, { inputs: { numbers: "3, 1, 4" }, context });
    expect(outcome.status).toBe("completed");
    expect(outcome.nodes.parse?.output).toEqual({ numbers: [3, 1, 4] });
    const image = outcome.outputs.chart as string;
    expect(image).toMatch(/^workspace:\/\/[0-9a-f-]{36}#image\/png$/);
    const file = await t.deps.files.get({ userId: context.userId }, { id: image });
    expect(file.path.startsWith(context.mediaFolder ?? "?")).toBe(true);
  });

  it("refuses an invalid graph before running anything", async () => {
    const h = harness();
    const graph = graphOf({ nodes: [node("a", "missing_block", {})] });
    await expect(runGraph(graph, h.registry, { inputs: {}, context })).rejects.toMatchObject({
      code: "bad_request",
    });
  });
});
