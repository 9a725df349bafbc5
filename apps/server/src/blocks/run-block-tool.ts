import { runBlockInputSchema } from "@copilot/protocol";
import { type LanguageModel, tool } from "ai";
import type { Logger } from "pino";
import { z } from "zod";
import { type ToolFactory, toolResult } from "../chat/tools";
import type { WorkspaceFiles } from "../workspace/workspace-files";
import type { BlockRegistry } from "./registry";

/** The catalogue the model reads: each block's name, purpose and input shape (JSON Schema). */
function describeBlocks(registry: BlockRegistry): string {
  const lines = registry.list().map((block) => {
    const { $schema: _dialect, ...schema } = z.toJSONSchema(block.input, {
      io: "input",
      unrepresentable: "any",
    });
    return `- ${block.name}: ${block.description} Input: ${JSON.stringify(schema)}`;
  });
  return [
    "Runs a block (a typed tool) with `input`. Images a block makes are saved in this chat's folder and returned as workspace://<id>#<mime> references; show them as markdown images with that reference.",
    "Blocks:",
    ...lines,
  ].join("\n");
}

/** `run_block {block, input}`: answers `{block, output}` or `{error:{code, message}}`. */
export function blockTools(
  registry: BlockRegistry,
  files: WorkspaceFiles,
  model: LanguageModel,
  log: Logger,
): ToolFactory {
  const description = describeBlocks(registry);
  return (context) => ({
    run_block: tool({
      description,
      inputSchema: runBlockInputSchema,
      execute: (input, options) =>
        toolResult(log, context.signal, async () => {
          const output = await registry.run(input.block, input.input, {
            userId: context.userId,
            sessionId: context.sessionId,
            runId: context.taskId,
            nodeId: options.toolCallId,
            signal: context.signal,
            files,
            mediaFolder: await files.chatFolder(context),
            model,
          });
          return { block: input.block, output };
        }),
    }),
  });
}
