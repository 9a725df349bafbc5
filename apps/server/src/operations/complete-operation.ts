import { agentGraphSchema, type OperationError, type TerminalTaskStatus } from "@copilot/protocol";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { saveGeneratedAgent } from "../agents/generator/save-generated";
import { getTaskRow, markTaskEnded } from "../chat/task-rows";
import type { Database } from "../db/client";
import { chatMessages } from "../db/schema";
import { AppError } from "../errors";
import type { JobPayload } from "../jobs/job-catalog";
import type { JobContext } from "../jobs/job-queue";
import { startContinuation } from "./continuation";
import type { OperationsEnv } from "./operation-env";
import {
  type EndedStatus,
  endOperation,
  getOperationRow,
  type OperationRow,
  resultOutput,
} from "./operation-rows";
import { generatedResult } from "./operation-work";
import { progressChunk } from "./progress";

/** How long a completion waits for the turn that called the tool to save its message. */
const TURN_WAIT_MS = 15 * 60_000;
const POLL_MS = 200;

/**
 * The `operation_complete` job: the completion consumer (docs/operations.md "Completion"). Runs at
 * least once per completion and is idempotent per operation: the row ends once (the first
 * completion wins; later ones change nothing), and every delivery then makes sure of the same
 * effects — the progress log ends, the tool result in the saved message becomes the final one,
 * and the assistant's continuation is started once (not after a cancel).
 */
export async function handleOperationComplete(
  env: OperationsEnv,
  payload: JobPayload<"operation_complete">,
  context: JobContext,
): Promise<void> {
  let row = await getOperationRow(env.db, payload.operationId);
  if (!row) return;
  if (row.status === "running") {
    const outcome = await finalOutcome(env, row, payload);
    row =
      (await endOperation(env.db, row.id, outcome.status, outcome)) ??
      (await getOperationRow(env.db, row.id));
    if (!row) return;
    env.log.info({ operationId: row.id, status: row.status }, "operation ended");
  }
  await endProgressLog(env, row);
  await waitForTurn(env.db, row.turnTaskId, context.signal);
  const recorded = await replaceToolResult(env.db, row);
  // Nothing to continue from without the turn's message (deleted with its chat, or never saved).
  if (recorded && row.status !== "cancelled") await startContinuation(env, row, context.signal);
}

type Outcome = { status: EndedStatus; result?: unknown; error?: OperationError | null };

const externalAgent = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2_000).default(""),
  graph: agentGraphSchema,
});

/**
 * The result to record. An external generator answers with the agent itself (`{name,
 * description, graph}`): it is validated against the block registry and saved here, as our own
 * generator's would be; an invalid graph fails the operation with the validation's message.
 */
async function finalOutcome(
  env: OperationsEnv,
  row: OperationRow,
  payload: JobPayload<"operation_complete">,
): Promise<Outcome> {
  if (!payload.success) {
    return { status: "failed", error: payload.error ?? { code: "failed", message: "the operation failed" } };
  }
  const made = row.toolName === "generate_agent" ? externalAgent.safeParse(payload.result) : null;
  if (!made?.success) return { status: "completed", result: payload.result ?? null };
  const goal = typeof row.input.goal === "string" ? row.input.goal : "";
  try {
    const generated = { ...made.data, source: { kind: "external" as const } };
    const { agent, file } = await saveGeneratedAgent(env, row.userId, goal, generated);
    return {
      status: "completed",
      result: generatedResult(agent, file.path, made.data.graph.nodes.length, generated.source),
    };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { status: "failed", error: { code: "invalid_agent", message: error.message } };
  }
}

const taskStatusOf: Record<EndedStatus, TerminalTaskStatus> = {
  completed: "completed",
  failed: "failed",
  cancelled: "cancelled",
};

/** The progress log's last chunk says how the operation ended; its row ends the same way. */
async function endProgressLog(env: OperationsEnv, row: OperationRow): Promise<void> {
  const status = row.status as EndedStatus;
  const message =
    status === "completed" ? "done" : status === "cancelled" ? "cancelled" : (row.error?.message ?? "failed");
  const last = progressChunk(row, status, {
    step: "end",
    fraction: status === "completed" ? 1 : (row.progress?.fraction ?? 0),
    message,
  });
  await env.streams.finish(row.progressTaskId, taskStatusOf[status], [
    last,
    {
      type: "finish",
      finishReason: status === "completed" ? "stop" : status === "failed" ? "error" : "other",
    },
  ]);
  await markTaskEnded(
    env.db,
    row.progressTaskId,
    taskStatusOf[status],
    status === "failed" ? "internal" : null,
  );
}

/** The turn that called the tool saves its message when it ends: only then can its tool result be replaced. */
async function waitForTurn(db: Database, turnTaskId: string, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + TURN_WAIT_MS;
  for (;;) {
    const turn = await getTaskRow(db, turnTaskId);
    if (!turn || (turn.status !== "queued" && turn.status !== "running")) return;
    if (Date.now() > deadline) return;
    signal.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Replaces `operation_started` with the final output in the message of the turn that called the
 * tool: what a reload shows, and what the model reads in the continuation. Setting the same
 * value twice changes nothing, so a repeated delivery is harmless. False when no saved message
 * holds the tool call.
 */
async function replaceToolResult(db: Database, row: OperationRow): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [message] = await tx
      .select({ id: chatMessages.id, parts: chatMessages.parts })
      .from(chatMessages)
      .where(and(eq(chatMessages.sessionId, row.sessionId), eq(chatMessages.taskId, row.turnTaskId)))
      .for("update");
    if (!message) return false;
    const output = resultOutput(row);
    let changed = false;
    const parts = message.parts.map((part) => {
      if (part.toolCallId !== row.toolCallId || !("output" in part)) return part;
      changed = true;
      return { ...part, state: "output-available", output };
    });
    if (!changed) return false;
    await tx
      .update(chatMessages)
      .set({ parts, updatedAt: sql`now()` })
      .where(and(eq(chatMessages.sessionId, row.sessionId), eq(chatMessages.id, message.id)));
    return true;
  });
}
