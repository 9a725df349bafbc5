import { taskStatusSchema } from "@copilot/protocol";
import type { StreamTaskState } from "../stream-store";

/**
 * A task's state from its hash fields (see redis-stream-scripts.ts), or null when the hash is gone
 * or half-written. A task created before fencing has no `attempt` field: nobody claimed it, so 0.
 */
export function parseTaskState(taskId: string, hash: Record<string, string>): StreamTaskState | null {
  if (!hash.status || !hash.session) return null;
  return {
    taskId,
    sessionId: hash.session,
    userId: hash.user ?? "",
    kind: hash.kind === "operation" ? "operation" : "chat_turn",
    operationId: hash.op ?? null,
    toolName: hash.tool ?? null,
    status: taskStatusSchema.parse(hash.status),
    lastId: hash.last ?? null,
    createdAt: Number(hash.created),
    endedAt: hash.ended ? Number(hash.ended) : null,
    attempt: hash.attempt ? Number(hash.attempt) : 0,
  };
}

/** HGETALL as a Lua script returns it: a flat field/value list. */
export function hashFromPairs(pairs: readonly unknown[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) hash[String(pairs[i])] = String(pairs[i + 1]);
  return hash;
}
