import type { OperationProgress, OperationStatus, UIMessageChunk } from "@copilot/protocol";
import type { StreamStore } from "../streams/stream-store";
import type { OperationRow } from "./operation-rows";

/**
 * The `data-operation-progress` chunk of an operation. Its `id` is the operation id, so a reader
 * (the AI SDK, the web app) keeps one part per operation and replaces it with each new chunk.
 */
export function progressChunk(
  row: Pick<OperationRow, "id">,
  status: OperationStatus,
  progress: OperationProgress,
): UIMessageChunk {
  return { type: "data-operation-progress", id: row.id, data: { operation_id: row.id, status, ...progress } };
}

/** Appends a progress chunk to the operation's own log; a log that ended or vanished is not an error. */
export async function streamProgress(
  streams: StreamStore,
  row: Pick<OperationRow, "id" | "progressTaskId">,
  status: OperationStatus,
  progress: OperationProgress,
): Promise<void> {
  await streams.append(row.progressTaskId, progressChunk(row, status, progress));
}
