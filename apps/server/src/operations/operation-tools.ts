import {
  operationResultOutputSchema,
  operationStartedOutputSchema,
  toolErrorOutputSchema,
} from "@copilot/protocol";
import { type ToolSet, tool } from "ai";
import { z } from "zod";
import { type ToolFactory, toolResult } from "../chat/tools";
import type { OperationsEnv } from "./operation-env";
import { generateAgentInput, runAgentInput } from "./operation-work";
import { startOperation } from "./start-operation";

/** Started, and once the operation ends the saved message holds its final result instead. */
const outputSchema = z.union([
  operationStartedOutputSchema,
  operationResultOutputSchema,
  toolErrorOutputSchema,
]);

const LONG_RUNNING =
  "It is long-running: the call answers at once with `operation_started`; the work goes on on the server even if the user closes the tab, and its result arrives in this chat as a new message. Tell the user it has started; do not wait or call it again.";

/**
 * The long-running tools (docs/operations.md "Operations"): each call starts an operation (or
 * finds the one the same tool call started) and returns at once; the turn then ends normally.
 */
export function operationTools(env: OperationsEnv): ToolFactory {
  return (context): ToolSet => {
    const { sessionId } = context;
    // Operations belong to a chat: an agent's own model calls get none.
    if (!sessionId) return {};
    const start = (toolName: string, input: Record<string, unknown>, toolCallId: string) =>
      toolResult(env.log, context.signal, () =>
        startOperation(env, {
          userId: context.userId,
          sessionId,
          turnTaskId: context.taskId,
          toolCallId,
          toolName,
          input,
        }),
      );
    return {
      generate_agent: tool({
        description: `Designs an agent (a graph of blocks the user can run later from the Agents page or with run_agent) from a goal in plain words, validates it and saves it to the user's agents and workspace. ${LONG_RUNNING}`,
        inputSchema: generateAgentInput,
        outputSchema,
        execute: (input, options) => start("generate_agent", input, options.toolCallId),
      }),
      run_agent: tool({
        description: `Runs one of the user's agents with text inputs by name; images it makes are saved in the workspace. ${LONG_RUNNING}`,
        inputSchema: runAgentInput,
        outputSchema,
        execute: (input, options) => start("run_agent", input, options.toolCallId),
      }),
    };
  };
}
