import type { OperationError } from "@copilot/protocol";
import { AppError } from "../errors";
import type { JobPayload } from "../jobs/job-catalog";
import type { JobContext } from "../jobs/job-queue";
import { enqueueCompletion } from "./completion";
import type { OperationsEnv } from "./operation-env";
import { getOperationRow, markDelegated, saveProgress } from "./operation-rows";
import { OperationFailure, operationWork } from "./operation-work";
import { streamProgress } from "./progress";

/**
 * The `operation_run` job (docs/operations.md "Operations"): runs a long-running tool's work in a
 * worker, reports its steps as progress, and hands the outcome to the completion path — the same
 * path an external service's webhook takes. Work handed to a service (`delegated`) completes only
 * through the webhook. A job for an operation that already ended (cancelled, completed by the
 * webhook) does nothing.
 */
export async function handleOperationRun(
  env: OperationsEnv,
  payload: JobPayload<"operation_run">,
  context: JobContext,
): Promise<void> {
  const row = await getOperationRow(env.db, payload.operationId);
  if (row?.status !== "running" || row.delegated) return;
  const log = env.log.child({ operationId: row.id, tool: row.toolName, attempt: context.attempt });
  const work = operationWork[row.toolName];
  if (!work) {
    await enqueueCompletion(env, row.id, {
      success: false,
      error: { code: "unknown_tool", message: `no long-running tool is named ${row.toolName}` },
    });
    return;
  }
  // Cancel from any process: the cancel route asks through the progress log's cancel signal.
  const unsubscribe = env.streams.onCancel(row.progressTaskId, () => env.running.abort(row.id, "cancel"));
  try {
    const outcome = await env.running.run(
      row.id,
      (signal) =>
        work(env, row, {
          signal,
          report: async (progress) => {
            // A row that ended meanwhile (cancel, webhook) stops the work at its next step.
            if (!(await saveProgress(env.db, row.id, progress))) env.running.abort(row.id, "ended");
            await streamProgress(env.streams, row, "running", progress).catch((error: unknown) =>
              log.warn({ err: error }, "streaming progress failed"),
            );
          },
        }),
      context.signal,
    );
    if (outcome.kind === "delegated") {
      await markDelegated(env.db, row.id);
      log.info("operation delegated; waiting for its webhook");
      return;
    }
    await enqueueCompletion(env, row.id, { success: true, result: outcome.result });
  } catch (error) {
    // BullMQ hands the job to another worker, which runs it again; in process the restart sweep ends it.
    if (context.signal.aborted) return;
    const now = await getOperationRow(env.db, row.id);
    if (now?.status !== "running") return;
    const failure = failureOf(error);
    if (failure.code === "internal") log.error({ err: error }, "operation failed");
    await enqueueCompletion(env, row.id, { success: false, error: failure });
  } finally {
    unsubscribe();
  }
}

/** What a failed operation records: its own failures and the domain's expected ones by code, anything else generic. */
function failureOf(error: unknown): OperationError {
  if (error instanceof OperationFailure || error instanceof AppError) {
    return { code: error.code, message: error.message };
  }
  return { code: "internal", message: "the operation failed unexpectedly" };
}
