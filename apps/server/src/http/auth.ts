import { SESSION_COOKIE } from "@copilot/protocol";
import type { FastifyReply, FastifyRequest } from "fastify";
import { resolveApiKey } from "../auth/api-keys";
import { resolveSession, SESSION_TTL_MS } from "../auth/sessions";
import type { Database } from "../db/client";
import { AppError } from "../errors";

/** Who is calling, and how: cookie callers are subject to the Origin check, API keys are not. */
export type Principal = { userId: string; via: "cookie" | "api_key"; sessionToken?: string };

/** `required` (the default for /api), `optional` (logout), `none` (signup, login, health). */
type AuthMode = "required" | "optional" | "none";

declare module "fastify" {
  interface FastifyContextConfig {
    auth?: AuthMode;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const MUTATIONS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function originAllowed(request: FastifyRequest, allowed: string[]): boolean {
  const origin = request.headers.origin;
  return typeof origin === "string" && allowed.includes(origin.replace(/\/+$/, ""));
}

/** Signup and login set a cookie: refuse them from a foreign page (a missing Origin is a non-browser client). */
export function rejectForeignOrigin(allowed: string[]) {
  return async (request: FastifyRequest) => {
    if (request.headers.origin !== undefined && !originAllowed(request, allowed)) {
      throw new AppError("csrf_failed", "request origin is not allowed");
    }
  };
}

async function authenticate(request: FastifyRequest, db: Database): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const userId = match?.[1] ? await resolveApiKey(db, match[1]) : null;
    // A bad key is a 401 even when a cookie is present: never guess which credential was meant.
    if (!userId) throw new AppError("unauthorized", "invalid API key");
    return { userId, via: "api_key" };
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const userId = await resolveSession(db, token);
  return userId ? { userId, via: "cookie", sessionToken: token } : null;
}

export function authHook(db: Database, allowedOrigins: string[]) {
  return async function authenticateRequest(request: FastifyRequest) {
    const mode = request.routeOptions.config?.auth ?? "required";
    if (mode === "none") return;
    const principal = await authenticate(request, db);
    if (!principal && mode === "required") throw new AppError("unauthorized", "sign in required");
    if (
      principal?.via === "cookie" &&
      MUTATIONS.has(request.method) &&
      !originAllowed(request, allowedOrigins)
    ) {
      throw new AppError("csrf_failed", "cookie-authenticated changes need an allowed Origin");
    }
    request.principal = principal;
  };
}

/** The caller's user id inside an authenticated route. */
export function userIdOf(request: FastifyRequest): string {
  if (!request.principal) throw new AppError("unauthorized", "sign in required");
  return request.principal.userId;
}

// Secure whenever the browser talks https, also behind a TLS-terminating proxy (only ever stricter).
const cookieOptions = (request: FastifyRequest) => ({
  httpOnly: true,
  sameSite: "lax" as const,
  path: "/",
  secure: request.protocol === "https" || request.headers["x-forwarded-proto"] === "https",
});

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    ...cookieOptions(request),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}
