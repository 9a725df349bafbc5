import type { Redis } from "ioredis";
import type { StreamKeys } from "./redis-stream-keys";

export type TaskPointers = { sessionId: string; operationId: string | null };

/**
 * The KEYS list of a task's scripts: hash, log, session pointer and (when set) operation pointer.
 * Scripts declare every key they touch, so the pointers' ids are needed up front: remembered from
 * createTask, else read once from the hash (they never change) and cached, bounded.
 */
export function createTaskKeys(command: Redis, keys: StreamKeys, maxCached = 10_000) {
  const known = new Map<string, TaskPointers>();

  function remember(taskId: string, pointers: TaskPointers) {
    if (known.size >= maxCached) known.delete(known.keys().next().value!);
    known.set(taskId, pointers);
  }

  function list(taskId: string, { sessionId, operationId }: TaskPointers): string[] {
    const base = [keys.task(taskId), keys.log(taskId), keys.sessionActive(sessionId)];
    return operationId ? [...base, keys.operation(operationId)] : base;
  }

  return {
    remember,
    list,
    forget: (taskId: string) => known.delete(taskId),
    /** Null when the task is unknown or expired. */
    async resolve(taskId: string): Promise<string[] | null> {
      let pointers = known.get(taskId);
      if (!pointers) {
        const [sessionId, operationId] = await command.hmget(keys.task(taskId), "session", "op");
        if (!sessionId) return null;
        pointers = { sessionId, operationId: operationId || null };
        remember(taskId, pointers);
      }
      return list(taskId, pointers);
    },
  };
}
