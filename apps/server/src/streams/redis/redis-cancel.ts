import type { Redis } from "ioredis";
import { createCancelRegistry } from "../cancel-registry";
import { runScript } from "./redis-script";
import type { StreamKeys } from "./redis-stream-keys";
import { requestCancelScript } from "./redis-stream-scripts";

export type RedisCancel = {
  request(taskId: string): Promise<void>;
  on(taskId: string, listener: () => void): () => void;
  close(): void;
};

/**
 * Cancel across processes: the request sets a flag in the task hash and publishes the task id on
 * one channel, which a dedicated subscriber connection per process turns into local listener
 * calls within milliseconds. The flag covers what pub/sub cannot: a listener registered after the
 * request, and messages published while this process was reconnecting.
 */
export function createRedisCancel(command: Redis, subscriber: Redis, keys: StreamKeys): RedisCancel {
  const registry = createCancelRegistry();
  const subscribed = subscriber.subscribe(keys.cancelChannel).then(
    () => undefined,
    () => undefined,
  );

  async function checkFlag(taskId: string) {
    if ((await command.hget(keys.task(taskId), "cancel")) === "1") registry.fire(taskId);
  }

  subscriber.on("message", (channel: string, taskId: string) => {
    if (channel === keys.cancelChannel) registry.fire(taskId);
  });
  // ioredis re-subscribes after a reconnect; what was published meanwhile is only in the flags.
  subscriber.on("ready", () => {
    for (const taskId of registry.taskIds()) void checkFlag(taskId).catch(() => {});
  });

  return {
    async request(taskId) {
      const requested = await runScript(
        command,
        requestCancelScript,
        [keys.task(taskId)],
        [keys.cancelChannel, taskId],
      );
      // Our own subscriber would deliver it too; firing here saves the round trip.
      if (requested === 1) registry.fire(taskId);
    },
    on(taskId, listener) {
      const unsubscribe = registry.add(taskId, listener);
      // Subscribed first, flag second: a request can then slip through neither check.
      void subscribed.then(() => checkFlag(taskId)).catch(() => {});
      return unsubscribe;
    },
    close: () => registry.clear(),
  };
}
