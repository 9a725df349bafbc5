import { randomUUID } from "node:crypto";
import type { OperationStartedOutput, UIMessageChunk } from "@copilot/protocol";
import { markTaskEnded } from "../chat/task-rows";
import { chatTasks, operations } from "../db/schema";
import type { OperationsEnv } from "./operation-env";
import { endOperation, findByToolCall, type OperationRow } from "./operation-rows";
import { progressChunk } from "./progress";

export type OperationCall = {
  userId: string;
  sessionId: string;
  /** The turn whose tool call this is. */
  turnTaskId: string;
  toolCallId: string;
  toolName: string;
  input: Record<string, unknown>;
};

const QUEUED = { step: "queued", fraction: 0, message: "waiting for a worker" };
const STARTED_TEXT = "Started. You can close this tab — the result will appear in this chat.";

export function startedOutput(row: OperationRow): OperationStartedOutput {
  return {
    type: "operation_started",
    operation_id: row.id,
    tool_name: row.toolName,
    progress_task_id: row.progressTaskId,
    message: STARTED_TEXT,
  };
}

/**
 * Starts a long-running tool call (docs/operations.md "Operations"): records it, opens its
 * progress log and queues its work as an `operation_run` job, then answers at once. The unique
 * (session, tool call) index is the lock: a retried step, a reloaded turn or a double submit
 * finds the operation the first call started and answers the same output.
 *
 * The progress log is a task of kind `operation` whose stream "session" is the operation itself,
 * so it never holds the chat's one-turn lock: the user keeps chatting while it runs.
 */
export async function startOperation(
  env: OperationsEnv,
  call: OperationCall,
): Promise<OperationStartedOutput> {
  const existing = await findByToolCall(env.db, call.sessionId, call.toolCallId);
  if (existing) return startedOutput(existing);

  const id = randomUUID();
  const progressTaskId = randomUUID();
  const messageId = randomUUID();
  const now = new Date();
  const row = await env.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(operations)
      .values({
        id,
        userId: call.userId,
        sessionId: call.sessionId,
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        status: "running",
        input: call.input,
        progress: QUEUED,
        turnTaskId: call.turnTaskId,
        progressTaskId,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) return null;
    await tx.insert(chatTasks).values({
      id: progressTaskId,
      sessionId: call.sessionId,
      userId: call.userId,
      kind: "operation",
      status: "running",
      messageId,
      model: env.modelLabel,
      createdAt: now,
      updatedAt: now,
    });
    return inserted;
  });
  if (!row) {
    // Lost the race to an identical call: answer what the winner started.
    const winner = await findByToolCall(env.db, call.sessionId, call.toolCallId);
    if (!winner) throw new Error("operation lock held by a row that vanished");
    return startedOutput(winner);
  }

  try {
    const created = await env.streams.createTask({
      taskId: progressTaskId,
      sessionId: id,
      userId: call.userId,
      kind: "operation",
      operationId: id,
      toolName: call.toolName,
    });
    if (created.kind !== "created") throw new Error("an operation's progress log already exists");
    const start: UIMessageChunk = {
      type: "start",
      messageId,
      messageMetadata: { taskId: progressTaskId, sessionId: call.sessionId, operationId: id },
    };
    await env.streams.append(progressTaskId, start);
    await env.streams.append(progressTaskId, progressChunk(row, "running", QUEUED));
    await env.jobs.enqueue("operation_run", { operationId: id }, { jobId: id });
  } catch (error) {
    // Never started: the row says so, and the tool call reports the failure.
    await endOperation(env.db, id, "failed", {
      error: { code: "internal", message: "the operation could not start" },
    });
    await markTaskEnded(env.db, progressTaskId, "failed", "stream_unavailable").catch(() => undefined);
    await env.streams
      .finish(progressTaskId, "failed", [{ type: "finish", finishReason: "error" }])
      .catch(() => undefined);
    throw error;
  }
  env.log.info({ operationId: id, tool: call.toolName, sessionId: call.sessionId }, "operation started");
  return startedOutput(row);
}
