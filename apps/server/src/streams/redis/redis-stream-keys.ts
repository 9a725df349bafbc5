/**
 * The Redis key layout (docs/api.md §5). Every key is found from an id, never by SCAN/KEYS. Ids are
 * checked with `isValidStreamId` before they get here, so no id can reach another key's name.
 */
export type StreamKeys = {
  task(taskId: string): string;
  log(taskId: string): string;
  sessionActive(sessionId: string): string;
  operation(operationId: string): string;
  /** Pub/sub channel carrying the ids of tasks whose cancel was requested. */
  cancelChannel: string;
};

export function streamKeys(prefix: string): StreamKeys {
  return {
    task: (taskId) => `${prefix}task:${taskId}`,
    log: (taskId) => `${prefix}task:${taskId}:log`,
    sessionActive: (sessionId) => `${prefix}session:${sessionId}:active`,
    operation: (operationId) => `${prefix}op:${operationId}`,
    cancelChannel: `${prefix}cancel`,
  };
}
