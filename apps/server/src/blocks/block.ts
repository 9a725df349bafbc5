import type { z } from "zod";
import type { WorkspaceFiles } from "../workspace/workspace-files";
import { parseInput } from "./render/parse-input";

/**
 * Where a block runs (the seed's ExecutionContext): whose it is, the workspace it may use, and
 * where in a run it sits. Inside a chat `sessionId` is set and a chat's "run" is its turn (the
 * task id) with the tool call as the node.
 */
export type BlockContext = {
  userId: string;
  sessionId: string | null;
  runId: string;
  nodeId: string;
  signal: AbortSignal;
  files: WorkspaceFiles;
};

/** A block as the registry holds it: typed at definition, validated at both ends when run. */
export type Block = {
  name: string;
  description: string;
  input: z.ZodType;
  output: z.ZodType;
  /** Throws `bad_request` for invalid input, other `AppError`s for expected failures. */
  run(input: unknown, context: BlockContext): Promise<unknown>;
};

export function defineBlock<Input extends z.ZodType, Output extends z.ZodType>(spec: {
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
