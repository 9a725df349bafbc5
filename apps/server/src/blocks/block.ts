import type { LanguageModel } from "ai";
import type { z } from "zod";
import type { WorkspaceFiles } from "../workspace/workspace-files";
import { parseInput } from "./render/parse-input";

/**
 * Where a block runs (the seed's ExecutionContext): whose it is, the workspace and model it may
 * use, and where in a run it sits. Inside a chat `sessionId` is set and a chat's "run" is its turn
 * (the task id) with the tool call as the node; in an agent run it is the run and the graph node.
 */
export type BlockContext = {
  userId: string;
  sessionId: string | null;
  runId: string;
  nodeId: string;
  signal: AbortSignal;
  files: WorkspaceFiles;
  /**
   * The folder (ending in `/`) media the block makes is saved in: the chat's folder in a chat, the
   * run's folder in an agent run. Null: nowhere to save, media comes back as a data URI.
   */
  mediaFolder: string | null;
  /** The configured language model (the offline model when none is configured). */
  model: LanguageModel;
};

/** A block as the registry holds it: typed at definition, validated at both ends when run. */
export type Block = {
  name: string;
  description: string;
  /** Objects, so a graph can name their fields as inputs and outputs (docs/agents.md). */
  input: z.ZodObject;
  output: z.ZodObject;
  /** Throws `bad_request` for invalid input, other `AppError`s for expected failures. */
  run(input: unknown, context: BlockContext): Promise<unknown>;
};

export function defineBlock<Input extends z.ZodObject, Output extends z.ZodObject>(spec: {
  name: string;
  description: string;
  input: Input;
  output: Output;
  run(input: z.output<Input>, context: BlockContext): Promise<z.input<Output>>;
}): Block {
  return {
    name: spec.name,
    description: spec.description,
    input: spec.input,
    output: spec.output,
    async run(raw, context) {
      const input = parseInput(spec.input, raw, `${spec.name} input`);
      // An output that breaks its own schema is a bug in the block: a throw, not a user error.
      return spec.output.parse(await spec.run(input, context));
    },
  };
}
