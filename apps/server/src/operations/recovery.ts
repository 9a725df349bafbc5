import { and, eq } from "drizzle-orm";
import { operations } from "../db/schema";
import { enqueueCompletion } from "./completion";
import type { OperationsEnv } from "./operation-env";

/**
 * At the start of an embedded server: the operations its previous process was running can never
 * finish (their jobs lived in that process), so each ends as failed through the completion path
 * — which also ends its progress log and tells the chat. Delegated ones are left running: their
 * external service still completes them through the webhook. (With BullMQ a dead worker's job is
 * reclaimed and run again instead.)
 */
export async function endInterruptedOperations(env: OperationsEnv): Promise<number> {
  const rows = await env.db
    .select({ id: operations.id })
    .from(operations)
    .where(and(eq(operations.status, "running"), eq(operations.delegated, false)));
  for (const row of rows) {
    await enqueueCompletion(env, row.id, {
      success: false,
      error: { code: "server_restarted", message: "the server restarted during the operation" },
    });
  }
  return rows.length;
}
