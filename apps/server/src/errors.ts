import type { ErrorCode } from "@copilot/protocol";

/**
 * The domain's expected failures: a code from the closed set in `@copilot/protocol`, a message a
 * user may read, and details merged into the error body. No framework here: `http/errors.ts`
 * maps each code to its one HTTP status and writes the body.
 */
export type ErrorDetails = Record<
  string,
  string | number | boolean | null | ReadonlyArray<Record<string, string | null>>
>;

export class AppError extends Error {
  override name = "AppError";
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export const notFound = (what = "resource") => new AppError("not_found", `${what} not found`);
