import { type QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/api-error";

/**
 * Retry transient failures (network errors, 5xx) twice; never retry a 4xx — the answer will not
 * change, and a retried 401 or 429 only delays the redirect or the rate-limit message.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

/** One factory for the browser's client and the per-request clients server components fill. */
export function makeQueryClient(queryCache?: QueryCache): QueryClient {
  return new QueryClient({
    queryCache,
    defaultOptions: {
      queries: {
        // Data that server components put in the cache is fresh on arrival; without a stale time
        // the browser would refetch all of it right after hydration.
        staleTime: 60_000,
        retry: shouldRetry,
      },
      mutations: { retry: false },
    },
  });
}
