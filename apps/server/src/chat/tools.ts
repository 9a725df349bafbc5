import { currentTimeOutputSchema, type ToolErrorOutput } from "@copilot/protocol";
import { type Tool, type ToolSet, tool, zodSchema } from "ai";
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

/**
 * The SDK converts a zod input schema to JSON Schema anew for every tool at every model step (it
 * wraps the zod object afresh each time): ~1 ms per turn start, on the path of a new turn's first
 * token (issue 13, profile of 200 paced turns). Our schemas are module constants, so each is
 * wrapped once per process and the SDK's wrapper keeps its JSON Schema.
 */
const wrapped = new WeakMap<object, Tool["inputSchema"]>();
function withCachedSchema(given: Tool): Tool {
  const schema = given.inputSchema as object | undefined;
  if (!schema || !("_zod" in schema)) return given;
  let cached = wrapped.get(schema);
  if (!cached) {
    cached = zodSchema(schema as z.ZodType) as Tool["inputSchema"];
    wrapped.set(schema, cached);
  }
  return { ...given, inputSchema: cached } as Tool;
}

/** Combines the tool groups of each domain into the set a turn gets. */
export function combineTools(...factories: ToolFactory[]): ToolFactory {
  return (context) => {
    const tools: ToolSet = Object.assign(
      { get_current_time: getCurrentTime },
      ...factories.map((make) => make(context)),
    );
    return Object.fromEntries(Object.entries(tools).map(([name, given]) => [name, withCachedSchema(given)]));
  };
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
