import type { ToolErrorOutput, ToolFile, WorkspaceFile } from "@copilot/protocol";
import type { Logger } from "pino";
import { AppError } from "../http/errors";

/** What the tools say about a file: enough to cite and fetch it, nothing the model does not need. */
export function toToolFile(file: WorkspaceFile): ToolFile {
  return {
    id: file.id,
    name: file.name,
    path: file.path,
    mime_type: file.mime_type,
    size_bytes: file.size_bytes,
    version: file.version,
    updated_at: file.updated_at,
    reference: file.reference,
  };
}

/**
 * Runs a tool body; an expected failure becomes the tool's result `{error:{code, message}}` (the
 * codes of API.md §3), which the model reads and can act on. Returned, not thrown: a thrown tool
 * error would reach the turn's stream error handler. Cancellation still propagates, and anything
 * unexpected is logged and reported without internals.
 */
export async function toolResult<T>(
  log: Logger,
  signal: AbortSignal,
  run: () => Promise<T>,
): Promise<T | ToolErrorOutput> {
  try {
    return await run();
  } catch (error) {
    if (signal.aborted) throw error;
    if (error instanceof AppError) return { error: { code: error.code, message: error.message } };
    log.error({ err: error }, "tool failed");
    return { error: { code: "internal", message: "the tool failed unexpectedly" } };
  }
}
