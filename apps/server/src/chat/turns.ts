import { randomUUID } from "node:crypto";
import type { PostMessageBody, TaskStatus, UIMessage } from "@copilot/protocol";
import { isTerminalStatus } from "@copilot/protocol";
import { chatTasks } from "../db/schema";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { deleteMessage, insertUserMessage, lastMessage, listMessages } from "./messages";
import { endStaleStream } from "./recovery";
import { deleteSessionRow, getOwnedSession, touchSession } from "./sessions";
import { findTaskByClientKey, getOwnedTask } from "./task-rows";
import { parseTurnInput } from "./turn-input";
import { runTurn } from "./turn-runner";

/**
 * Starts a turn (or finds the one a repeated POST already started). The turn runs detached from
 * the request; the caller streams it from its first chunk.
 */
export async function startTurn(
  deps: Deps,
  userId: string,
  sessionId: string,
  body: PostMessageBody,
): Promise<{ taskId: string; attached: boolean }> {
  const session = await getOwnedSession(deps.db, userId, sessionId);
  const input = parseTurnInput(body);
  const existing = input.clientKey ? await findTaskByClientKey(deps.db, sessionId, input.clientKey) : null;
  if (existing) return { taskId: existing.id, attached: true };

  const taskId = randomUUID();
  const messageId = randomUUID();
  // The store's session pointer is the one-turn-per-session lock (atomic across processes).
  const meta = { taskId, sessionId, userId, kind: "chat_turn" } as const;
  let created = await deps.streams.createTask(meta);
  // The turn holding the session may have ended in the database while its stream could not be
  // finished (a Redis outage outlived its producer): end that stream and try once more.
  if (
    created.kind === "session_busy" &&
    (await endStaleStream(deps.db, deps.streams, created.activeTaskId))
  ) {
    created = await deps.streams.createTask(meta);
  }
  if (created.kind === "session_busy") {
    // Two identical POSTs racing: the loser attaches to the winner's turn.
    const raced = input.clientKey ? await findTaskByClientKey(deps.db, sessionId, input.clientKey) : null;
    if (raced) return { taskId: raced.id, attached: true };
    throw new AppError("turn_active", "a turn is already running in this session", {
      task_id: created.activeTaskId,
    });
  }

  // Everything the turn needs is read in the transaction that records it: a failure here leaves
  // neither a task row nor a held session behind.
  let history: UIMessage[];
  try {
    history = await deps.db.transaction(async (tx) => {
      const now = new Date();
      await tx.insert(chatTasks).values({
        id: taskId,
        sessionId,
        userId,
        kind: "chat_turn",
        status: "running",
        messageId,
        clientKey: input.clientKey,
        model: deps.modelLabel,
        producerId: deps.liveness.id,
        createdAt: now,
        updatedAt: now,
      });
      if (input.kind === "submit") {
        await insertUserMessage(tx, sessionId, input.userMessage);
      } else {
        const last = await lastMessage(tx, sessionId);
        if (last?.role !== "assistant") throw new AppError("bad_request", "there is no answer to regenerate");
        if (input.messageId && last.id !== input.messageId) {
          throw new AppError("bad_request", "only the last answer can be regenerated");
        }
        await deleteMessage(tx, sessionId, last.id);
      }
      await touchSession(tx, session, input.kind === "submit" ? input.text : undefined);
      return listMessages(tx, sessionId, null);
    });
  } catch (error) {
    // Release the session: this turn never started.
    await deps.streams.finish(taskId, "failed", [{ type: "finish", finishReason: "error" }]);
    throw error;
  }

  const unsubscribe = deps.streams.onCancel(taskId, () => deps.turns.stop(taskId, "cancelled"));
  deps.turns.start(taskId, (control) =>
    runTurn(
      {
        db: deps.db,
        streams: deps.streams,
        model: deps.model,
        modelLabel: deps.modelLabel,
        tools: deps.tools,
        log: deps.log,
        coalesceMs: deps.config.streams.coalesceMs,
      },
      { taskId, sessionId, userId, messageId, history },
      control,
    ).finally(unsubscribe),
  );
  return { taskId, attached: false };
}

const CANCEL_WAIT_MS = 3000;

/**
 * Asks the task's producer (in this or another process) to stop, then waits briefly for its
 * terminal status. Idempotent: an ended task just reports its status.
 */
export async function cancelTask(deps: Deps, userId: string, taskId: string): Promise<TaskStatus> {
  const row = await getOwnedTask(deps.db, userId, taskId);
  if (isTerminalStatus(row.status)) return row.status;
  await deps.streams.requestCancel(taskId);
  const deadline = Date.now() + CANCEL_WAIT_MS;
  for (;;) {
    const state = await deps.streams.getTask(taskId);
    if (!state || isTerminalStatus(state.status)) break;
    if (Date.now() > deadline) return state.status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return (await getOwnedTask(deps.db, userId, taskId)).status;
}

/** Deleting a session cancels its running turn first; workspace files stay. */
export async function deleteSession(deps: Deps, userId: string, sessionId: string): Promise<void> {
  await getOwnedSession(deps.db, userId, sessionId);
  const active = await deps.streams.activeTaskForSession(sessionId);
  if (active) await cancelTask(deps, userId, active);
  await deleteSessionRow(deps.db, userId, sessionId);
}
