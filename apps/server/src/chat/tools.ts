import { type ToolSet, tool } from "ai";
import { z } from "zod";

/** Who a tool acts for: every tool is scoped to the caller's user and session. */
export type ToolContext = {
  userId: string;
  sessionId: string | null;
  taskId: string;
  signal: AbortSignal;
};

export type ToolFactory = (context: ToolContext) => ToolSet;

export const getCurrentTime = tool({
  description: "Returns the current date and time of the server (ISO 8601, UTC) and its time zone.",
  inputSchema: z.object({}),
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
