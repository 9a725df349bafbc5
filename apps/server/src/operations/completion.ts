import type { OperationError } from "@copilot/protocol";
import type { OperationsEnv } from "./operation-env";

/** One completion per operation: the job id makes a repeated completion (webhook retry, second worker) add nothing. */
export const completionJobId = (operationId: string) => `complete-${operationId}`;

/** Enqueues an operation's completion event; the `operation_complete` job handles it (at least once). */
export async function enqueueCompletion(
  env: Pick<OperationsEnv, "jobs">,
  operationId: string,
  completion: { success: boolean; result?: unknown; error?: OperationError | null },
): Promise<void> {
  await env.jobs.enqueue(
    "operation_complete",
    { operationId, success: completion.success, result: completion.result, error: completion.error ?? null },
    { jobId: completionJobId(operationId) },
  );
}
