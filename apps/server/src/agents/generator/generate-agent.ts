import type { AgentGraph } from "@copilot/protocol";
import type { LanguageModel } from "ai";
import type { BlockRegistry } from "../../blocks/registry";
import { isOfflineModel } from "../../chat/offline-model";
import { AppError } from "../../errors";
import type { WorkOptions } from "../engine";
import { assertValidGraph } from "../validate-graph";
import { generateWithModel } from "./model-planner";
import { planFromTemplate, type TemplateId } from "./templates";

export type GeneratedAgent = {
  name: string;
  description: string;
  graph: AgentGraph;
  /** How it was made: an offline template, or the model after `attempts` builds. */
  source:
    | { kind: "template"; template: TemplateId }
    | { kind: "model"; attempts: number }
    /** Made by the AGENT_GENERATOR_URL service and completed through the webhook. */
    | { kind: "external" };
};

export type GeneratorEnv = { blocks: BlockRegistry; model: LanguageModel; maxRepairs?: number };

/** Repairs after the first build: enough for a model to fix what it was told, bounded in cost. */
const DEFAULT_MAX_REPAIRS = 3;
const GOAL_MAX_CHARS = 4_000;

/**
 * The Agent Generator's core (docs/agents.md "Generator"): a goal in, a valid graph out, each step
 * reported through `onProgress`. With the offline model a keyword template planner answers
 * (deterministic); with a real model it plans, picks blocks, builds with structured output and
 * repairs in a bounded loop. Throws `bad_request` for an empty goal or when no valid graph came
 * out; the abort reason when `signal` stops it.
 */
export async function generateAgent(
  goal: string,
  env: GeneratorEnv,
  options: WorkOptions = {},
): Promise<GeneratedAgent> {
  const trimmed = goal.trim();
  if (trimmed === "") throw new AppError("bad_request", "the goal is empty");
  if (trimmed.length > GOAL_MAX_CHARS)
    throw new AppError("bad_request", `the goal is longer than ${GOAL_MAX_CHARS} characters`);
  options.signal?.throwIfAborted();

  if (isOfflineModel(env.model)) {
    await options.onProgress?.({
      step: "plan",
      fraction: 0.25,
      message: "matching the goal to a template (offline model)",
    });
    const plan = planFromTemplate(trimmed);
    await options.onProgress?.({ step: "build", fraction: 0.5, message: `template ${plan.template}` });
    assertValidGraph(plan.graph, env.blocks);
    await options.onProgress?.({ step: "validate", fraction: 1, message: "the graph is valid" });
    return {
      name: plan.name,
      description: plan.description,
      graph: plan.graph,
      source: { kind: "template", template: plan.template },
    };
  }
  const made = await generateWithModel(
    trimmed,
    { blocks: env.blocks, model: env.model, maxRepairs: env.maxRepairs ?? DEFAULT_MAX_REPAIRS },
    options,
  );
  return {
    name: made.name,
    description: made.description,
    graph: made.graph,
    source: { kind: "model", attempts: made.attempts },
  };
}
