import { randomUUID } from "node:crypto";
import type { UIMessageChunk } from "@copilot/protocol";
import { loadConversation } from "../chat/messages";
import { endStaleStream } from "../chat/recovery";
import { getTaskRow } from "../chat/task-rows";
import { chatTasks } from "../db/schema";
import type { OperationsEnv } from "./operation-env";
import { claimContinuation, getOperationRow, type OperationRow } from "./operation-rows";

/** How long a continuation waits for the session's running turn before giving up. */
const SESSION_WAIT_MS = 30 * 60_000;
const POLL_MS = 250;

/**
 * Starts the assistant's continuation after an operation ended: a new assistant message in a new
 * task — a turn without a user message, run by the `chat_turn` job like any other — that the
 * session's `active_stream` points to, so an open page shows it live and a closed one on the next
 * visit. It waits behind a turn already running in the session (the one-turn-per-session lock).
 * Started once: the task id is claimed in the operation row before anything else is written, and
 * a repeated delivery picks up where an interrupted one stopped.
 */
export async function startContinuation(
  env: OperationsEnv,
  row: OperationRow,
  signal: AbortSignal,
): Promise<void> {
  const taskId = await continuationTaskId(env, row);
  if (!taskId) return;
  const existing = await getTaskRow(env.db, taskId);
  if (existing) {
    // Recorded by an earlier delivery; queueing again is a no-op when its job exists.
    if (existing.status === "queued") await enqueue(env, row, taskId, existing.messageId);
    return;
  }
  await takeSession(env, row, taskId, signal);
  const messageId = randomUUID();
  const now = new Date();
  // The continuation follows the conversation as it is shown now (the session is ours: no turn
  // can add to it meanwhile).
  const leaf = (await loadConversation(env.db, row.sessionId)).shown().at(-1)?.id ?? null;
  const inserted = await env.db
    .insert(chatTasks)
    .values({
      id: taskId,
      sessionId: row.sessionId,
      userId: row.userId,
      kind: "chat_turn",
      status: "queued",
      messageId,
      model: env.modelLabel,
      parentMessageId: leaf,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: chatTasks.id });
  // A delivery at the same time recorded it first, and writes its start and queues it.
  if (inserted.length === 0) return;
  const start: UIMessageChunk = {
    type: "start",
    messageId,
    messageMetadata: { taskId, sessionId: row.sessionId, model: env.modelLabel, operationId: row.id },
  };
  await env.streams.append(taskId, start, { attempt: 0 });
  await enqueue(env, row, taskId, messageId);
  env.log.info({ operationId: row.id, taskId }, "operation continuation queued");
}

async function continuationTaskId(env: OperationsEnv, row: OperationRow): Promise<string | null> {
  if (row.continuationTaskId) return row.continuationTaskId;
  const candidate = randomUUID();
  if (await claimContinuation(env.db, row.id, candidate)) return candidate;
  return (await getOperationRow(env.db, row.id))?.continuationTaskId ?? null;
}

/** Creates the task's log, which points the session at it: waits while another turn holds the session. */
async function takeSession(env: OperationsEnv, row: OperationRow, taskId: string, signal: AbortSignal) {
  if (await env.streams.getTask(taskId)) return;
  const deadline = Date.now() + SESSION_WAIT_MS;
  for (;;) {
    const created = await env.streams
      .createTask({
        taskId,
        sessionId: row.sessionId,
        userId: row.userId,
        kind: "operation",
        operationId: row.id,
        toolName: row.toolName,
      })
      .catch(async (error: unknown) => {
        // A delivery at the same moment created it first: the session is taken, by this task.
        if (await env.streams.getTask(taskId)) return { kind: "created" } as const;
        throw error;
      });
    if (created.kind === "created") return;
    if (await endStaleStream(env.db, env.streams, created.activeTaskId)) continue;
    if (Date.now() > deadline) throw new Error("the session stayed busy; the continuation was not started");
    signal.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function enqueue(env: OperationsEnv, row: OperationRow, taskId: string, messageId: string) {
  return env.jobs.enqueue(
    "chat_turn",
    { taskId, sessionId: row.sessionId, userId: row.userId, messageId, operationId: row.id },
    { jobId: taskId },
  );
}
