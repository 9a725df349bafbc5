import { SESSION_COOKIE, type User, userResponseSchema } from "@copilot/protocol";
import { cookies, headers } from "next/headers";
import createClient from "openapi-fetch";
import { cache } from "react";
import { toApiError } from "./api-error";
import type { paths } from "./schema";

/**
 * Where server components reach the API. The server process sets it before starting Next (both
 * live in one process on one port); there is no sensible default, so say what is wrong.
 */
function internalOrigin(): string {
  const origin = process.env.COPILOT_INTERNAL_ORIGIN;
  if (!origin) {
    throw new Error(
      "COPILOT_INTERNAL_ORIGIN is not set: run the web app through the server (npm run dev / npm start).",
    );
  }
  return origin;
}

/** An API client for this request only, forwarding the browser's cookies. */
export async function requestApi() {
  const cookie = (await headers()).get("cookie") ?? "";
  return createClient<paths>({ baseUrl: internalOrigin(), headers: { cookie }, cache: "no-store" });
}

/**
 * The signed-in user, or null when signed out (no cookie, or the API answers 401). Any other
 * failure throws, so the error boundary shows it instead of pretending the user is signed out.
 * Cached per request: layouts and pages share one round-trip.
 */
export const getCurrentUser = cache(async (): Promise<User | null> => {
  // No session cookie: signed out for sure; skip the round-trip.
  if (!(await cookies()).has(SESSION_COOKIE)) return null;
  const { data, error, response } = await (await requestApi()).GET("/api/auth/me");
  if (response.status === 401) return null;
  if (error !== undefined || !response.ok) throw toApiError(error, response);
  return userResponseSchema.parse(data).user;
});
