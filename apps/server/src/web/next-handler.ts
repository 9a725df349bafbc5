import fs from "node:fs";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import type { Duplex } from "node:stream";
import type { WebHandler } from "../app";

export type NextWeb = {
  handle: WebHandler;
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  close(): Promise<void>;
};

export class WebNotBuiltError extends Error {
  override name = "WebNotBuiltError";
}

/**
 * Next.js runs inside this process behind Fastify (which keeps `/api`, health and SSE). Loaded
 * lazily: API-only processes and tests never pay for it.
 */
export async function createNextWeb(options: {
  dir: string;
  dev: boolean;
  hostname: string;
  port: number;
}): Promise<NextWeb> {
  if (!options.dev && !fs.existsSync(path.join(options.dir, ".next", "BUILD_ID"))) {
    throw new WebNotBuiltError(
      `the web app in ${options.dir} is not built; run \`npm run build\` (or \`npm start\`)`,
    );
  }
  const { default: next } = await import("next");
  const app = next({
    dev: options.dev,
    dir: options.dir,
    hostname: options.hostname,
    port: options.port,
    customServer: true,
    ...(options.dev ? { turbopack: true } : {}),
  });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  return {
    handle: (request, response) => handle(request, response),
    upgrade: (request, socket, head) => upgrade(request, socket, head),
    close: () => app.close(),
  };
}
