import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** A Lua script sent by SHA1 (EVALSHA), with the source as fallback after a SCRIPT FLUSH or restart. */
export type RedisScript = { source: string; sha: string };

export function defineScript(source: string): RedisScript {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

export async function runScript(
  redis: Redis,
  script: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return redis.eval(script.source, keys.length, ...keys, ...args);
  }
}
