import net from "node:net";
import type { Redis } from "ioredis";

/**
 * Real services for integration suites. Locally a missing service skips its suite with a visible
 * line; under `CI=true` it fails instead (a skipped backend must never look green in CI).
 */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.setTimeout(1500);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

const urls = { redis: testRedisUrl, postgres: testPostgresUrl } as const;

/** True when the service answers. False (with a printed line) when it does not and CI is unset. */
export async function serviceAvailable(service: keyof typeof urls): Promise<boolean> {
  if (await reachable(urls[service])) return true;
  const line = `${service} is not reachable at ${urls[service]}`;
  if (process.env.CI) throw new Error(`${line} (CI=true: a missing service is a failure)`);
  console.warn(`\n[skip] ${line}: its suites are skipped\n`);
  return false;
}

/** A key prefix no other test (or a running app) uses. */
export function uniquePrefix(label: string): string {
  return `copilot-test:${label}:${process.pid}:${Math.random().toString(36).slice(2, 10)}:`;
}

// Test cleanup only (never on a request path): remove exactly the keys under a test's own prefix.
export async function deletePrefixedKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
}
