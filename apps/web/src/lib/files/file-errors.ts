import type { ErrorCode } from "@copilot/protocol";
import { ApiError } from "../api/api-error";
import { formatBytes } from "./format";

/** Failures that never reached the API's error body: the connection broke, or the user cancelled. */
type ClientFailure = "network" | "aborted";
type FailureCode = ErrorCode | ClientFailure;

/** An upload that failed: what to say, and which way out to offer. */
export type UploadProblem = {
  code: FailureCode;
  message: string;
  /** file_exists: offer "Replace" (upload again with overwrite=true). */
  canReplace: boolean;
  /** Worth trying again as is (connection lost, server busy). */
  canRetry: boolean;
};

/** XHR and fetch report a dropped connection differently; both become "network". */
export class NetworkError extends Error {
  override readonly name = "NetworkError";
}

export class AbortedError extends Error {
  override readonly name = "AbortedError";
}

export function failureCode(error: unknown): FailureCode {
  if (error instanceof ApiError) return error.code;
  if (error instanceof AbortedError) return "aborted";
  if (error instanceof DOMException && error.name === "AbortError") return "aborted";
  // fetch rejects with a TypeError when the network fails.
  if (error instanceof NetworkError || error instanceof TypeError) return "network";
  return "internal";
}

function retryHint(error: unknown): string {
  const seconds = error instanceof ApiError ? error.retryAfterSeconds : null;
  return seconds ? `Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.` : "Try again shortly.";
}

function maxBytesOf(error: unknown): number | null {
  const value = error instanceof ApiError ? error.details.max_bytes : undefined;
  return typeof value === "number" && value > 0 ? value : null;
}

/** Words for problems any workspace call can meet; null for codes each action words itself. */
function commonMessage(code: FailureCode, error: unknown): string | null {
  switch (code) {
    case "unauthorized":
      return "Your session has ended. Sign in again to continue.";
    case "csrf_failed":
      return "The request was refused because it did not come from this page. Reload and try again.";
    case "rate_limited":
      return `Too many requests. ${retryHint(error)}`;
    case "dependency_unavailable":
    case "shutting_down":
      return `The server is temporarily unavailable. ${retryHint(error)}`;
    case "network":
      return "The connection to the server was lost. Check your connection and try again.";
    case "aborted":
      return "Cancelled.";
    default:
      return null;
  }
}

const RETRYABLE: ReadonlySet<FailureCode> = new Set([
  "network",
  "rate_limited",
  "dependency_unavailable",
  "shutting_down",
  "internal",
]);

/** What to show for a failed upload of `name`, chosen by the error code, never the server's words. */
export function describeUploadError(error: unknown, name: string): UploadProblem {
  const code = failureCode(error);
  const problem = (message: string): UploadProblem => ({
    code,
    message,
    canReplace: code === "file_exists",
    canRetry: RETRYABLE.has(code),
  });
  switch (code) {
    case "file_exists":
      return problem(`A file named “${name}” already exists in this folder.`);
    case "file_too_large": {
      const max = maxBytesOf(error);
      return problem(
        max
          ? `“${name}” is larger than the ${formatBytes(max)} limit for a single file.`
          : `“${name}” is larger than the limit for a single file.`,
      );
    }
    case "quota_exceeded":
      return problem(
        `Not enough space left in your workspace for “${name}”. Delete some files and try again.`,
      );
    case "invalid_path":
      return problem(
        `“${name}” cannot be saved under this name (control characters, “..” and names over 255 bytes are not allowed). Rename it and try again.`,
      );
    default:
      return problem(commonMessage(code, error) ?? "The upload failed on the server. Try again.");
  }
}

type FileAction = "delete" | "restore" | "preview" | "list";

/** What to show when deleting, restoring, previewing or listing files fails. */
export function describeFileError(error: unknown, action: FileAction, name?: string): string {
  const code = failureCode(error);
  const subject = name ? `“${name}”` : "This file";
  if (code === "not_found") {
    switch (action) {
      case "delete":
        return `${subject} was already deleted.`;
      case "restore":
        return `${subject} can no longer be restored: it has left the trash.`;
      case "preview":
        return `${subject} no longer exists.`;
      case "list":
        return "This folder could not be found.";
    }
  }
  if (code === "file_exists" && action === "restore") {
    return `${subject} cannot be restored: another file now uses its path.`;
  }
  if (code === "invalid_cursor") return "The list changed while it was loading. Reload the page.";
  const common = commonMessage(code, error);
  if (common) return common;
  switch (action) {
    case "delete":
      return `${subject} could not be deleted. Try again.`;
    case "restore":
      return `${subject} could not be restored. Try again.`;
    case "preview":
      return "The preview could not be loaded. Try again, or download the file.";
    case "list":
      return "Your files could not be loaded. Try again.";
  }
}
