import { currentTimeOutputSchema, type ToolErrorOutput } from "@copilot/protocol";
import { type ToolSet, tool } from "ai";
import type { Logger } from "pino";
import { z } from "zod";
import { AppError } from "../errors";

/** Who a tool acts for: every tool is scoped to the caller's user and session. */
export type ToolContext = {
  userId: string;
  sessionId: string | null;
  taskId: string;
  signal: AbortSignal;
};

export type ToolFactory = (context: ToolContext) => ToolSet;

const getCurrentTime = tool({
  description: "Returns the current date and time of the server (ISO 8601, UTC) and its time zone.",
  inputSchema: z.object({}),
  outputSchema: currentTimeOutputSchema,
  execute: async () => {
    const now = new Date();
    return {
      iso: now.toISOString(),
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      unix_ms: now.getTime(),
    };
  },
});

/** Combines the tool groups of each domain into the set a turn gets. */
export function combineTools(...factories: ToolFactory[]): ToolFactory {
  return (context) =>
    Object.assign({ get_current_time: getCurrentTime }, ...factories.map((make) => make(context)));
}

/**
 * Runs a tool body; an expected failure becomes the tool's result `{error:{code, message}}` (the
 * codes of docs/api.md §3), which the model reads and can act on. Returned, not thrown: a thrown tool
 * error would reach the turn's stream error handler. Cancellation still propagates, and anything
 * unexpected is logged and reported without internals.
 */
export async function toolResult<T>(
  log: Logger,
  signal: AbortSignal,
  run: () => Promise<T>,
): Promise<T | ToolErrorOutput> {
  try {
    return await run();
  } catch (error) {
    if (signal.aborted) throw error;
    if (error instanceof AppError) return { error: { code: error.code, message: error.message } };
    log.error({ err: error }, "tool failed");
    return { error: { code: "internal", message: "the tool failed unexpectedly" } };
  }
}
