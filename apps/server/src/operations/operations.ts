import { type Operation, type OperationError, operationCompleteBodySchema } from "@copilot/protocol";
import { z } from "zod";
import { AppError, notFound } from "../errors";
import { enqueueCompletion } from "./completion";
import type { OperationsEnv } from "./operation-env";
import { endOperation, getOperationRow, getOwnedOperationRow, toOperation } from "./operation-rows";
import { verifyWebhook } from "./webhook-signature";

/** The operations a user sees and stops (`/api/chat/operations/{id}`); someone else's answer 404. */
export async function getOperation(env: OperationsEnv, userId: string, id: string): Promise<Operation> {
  return toOperation(await getOwnedOperationRow(env.db, userId, id));
}

const CANCELLED: OperationError = { code: "cancelled", message: "the operation was cancelled" };

/**
 * Stops a running operation: the row ends `cancelled` at once (so a late result can no longer
 * complete it), the process running it is told through the progress log's cancel signal, and the
 * completion path ends the log and records the cancelled result in the chat. Idempotent: an
 * ended operation answers as it is.
 */
export async function cancelOperation(env: OperationsEnv, userId: string, id: string): Promise<Operation> {
  const row = await getOwnedOperationRow(env.db, userId, id);
  if (row.status !== "running") return toOperation(row);
  const ended = await endOperation(env.db, id, "cancelled", { error: CANCELLED });
  if (ended) {
    env.running.abort(id, "cancel");
    await env.streams.requestCancel(row.progressTaskId).catch(() => undefined);
    await enqueueCompletion(env, id, { success: false, error: CANCELLED });
  }
  return toOperation(ended ?? (await getOwnedOperationRow(env.db, userId, id)));
}

/**
 * The webhook (docs/operations.md "Webhook"): checks the signature over the raw body, then only
 * enqueues the completion (the consumer does the rest in a worker). A repeat, or a completion of
 * an operation that already ended, is accepted and has no second effect.
 */
export async function acceptWebhook(
  env: OperationsEnv,
  id: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: Buffer,
): Promise<void> {
  const secret = env.config.webhookSecret;
  if (!secret) throw new AppError("not_configured", "the webhook is off: set OPERATIONS_WEBHOOK_SECRET");
  const check = verifyWebhook(secret, headers, rawBody, Math.floor(Date.now() / 1000));
  if (!check.ok) throw new AppError("unauthorized", check.reason);
  const row = z.uuid().safeParse(id).success ? await getOperationRow(env.db, id) : null;
  if (!row) throw notFound("operation");
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch {
    throw new AppError("bad_request", "the body is not JSON");
  }
  const body = operationCompleteBodySchema.safeParse(json);
  if (!body.success) {
    const issue = body.error.issues[0];
    throw new AppError(
      "bad_request",
      `invalid body${issue?.path.length ? ` at ${issue.path.join(".")}` : ""}: ${issue?.message ?? ""}`,
    );
  }
  if (row.status !== "running") return;
  const { success, result, error } = body.data;
  const failure =
    typeof error === "string"
      ? { code: "failed", message: error }
      : (error ?? { code: "failed", message: "the operation failed" });
  await enqueueCompletion(env, id, success ? { success, result } : { success, error: failure });
}
