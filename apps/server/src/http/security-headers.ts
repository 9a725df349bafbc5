import type { ServerResponse } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * Headers for the web app's pages (docs/security.md). Next.js prerenders its pages, so a per-request
 * nonce cannot reach their inline bootstrap scripts: scripts are limited to this origin plus inline,
 * and everything else (objects, framing, base, form targets, connections) is locked down. Dev mode
 * adds `'unsafe-eval'` for React Refresh and websockets for HMR.
 */
export function pageSecurityHeaders(dev: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "content-security-policy": csp,
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
  };
}

/** Sets the page headers on the raw response Next.js will write (it keeps headers already set). */
export function setPageHeaders(response: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
}

/**
 * API answers: nosniff always; `no-store` unless the route chose its own caching (downloads, SSE),
 * so a shared cache or the back button never replays someone's JSON.
 */
export async function apiResponseHeaders(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.url.startsWith("/api/") && !request.url.startsWith("/readyz")) return;
  reply.header("x-content-type-options", "nosniff");
  if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
}
