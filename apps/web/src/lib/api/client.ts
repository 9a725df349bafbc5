import createClient from "openapi-fetch";
import { ApiError, toApiError } from "./api-error";
import type { paths } from "./schema";

export { ApiError, parseRetryAfter, toApiError } from "./api-error";

/**
 * The browser's API client. The API is served from the same origin as the app (the server hands
 * non-/api paths to Next), so paths stay relative and the session cookie rides along.
 */
export const api = createClient<paths>({ credentials: "same-origin" });

type ApiResult<T, E> =
  | { data: T; error?: never; response: Response }
  | { data?: never; error: E; response: Response };

/** Resolves to the response body of a route that answers JSON; throws an ApiError otherwise. */
export async function unwrap<T, E>(request: Promise<ApiResult<T, E>>): Promise<T> {
  const result = await request;
  if (result.error !== undefined || !result.response.ok) throw toApiError(result.error, result.response);
  // A 2xx without a body breaks the contract of a JSON route; fail loudly rather than hand on undefined.
  if (result.data === undefined) {
    throw new ApiError("internal", "The server answered without a body", result.response.status);
  }
  return result.data;
}

/** For routes that answer 204: resolves when the call succeeded, throws an ApiError otherwise. */
export async function expectOk<E>(request: Promise<ApiResult<unknown, E>>): Promise<void> {
  const result = await request;
  if (!result.response.ok) throw toApiError(result.error, result.response);
}

/** Network failures (offline, server down) reject with a TypeError rather than an ApiError. */
export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
