import { randomUUID } from "node:crypto";
import type { PostMessageBody, TaskStatus, UIMessage, UIMessageChunk } from "@copilot/protocol";
import { isTerminalStatus } from "@copilot/protocol";
import { and, count, eq, inArray } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { chatTasks, users } from "../db/schema";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { attachmentParts } from "./attachments";
import type { Conversation } from "./conversation";
import { loadConversation, type MessageRow, userMessageInsert } from "./messages";
import { titleSource } from "./plain-title";
import { endUnstartedTurn } from "./queued-turns";
import { endStaleStream } from "./recovery";
import { deleteSessionRow, getOwnedSession, sessionTouch } from "./sessions";
import { findTaskByClientKey, getOwnedTask, markTaskEnded } from "./task-rows";
import { parseTurnInput } from "./turn-input";

/**
 * Starts a turn (or finds the one a repeated POST already started): records it and queues it as a
 * `chat_turn` job that a worker — this process's or another's — runs (docs/operations.md). The
 * caller streams it from its first chunk; the request is never involved in generating it.
 */
export async function startTurn(
  deps: Deps,
  userId: string,
  sessionId: string,
  body: PostMessageBody,
): Promise<{ taskId: string; attached: boolean }> {
  const session = await getOwnedSession(deps.db, userId, sessionId);
  const input = parseTurnInput(body);
  const { clientKey } = input;
  const existing = clientKey ? await findTaskByClientKey(deps.db, sessionId, clientKey) : null;
  if (existing) return { taskId: existing.id, attached: true };
  if (input.kind === "submit" && input.attachmentIds.length > 0) {
    const files = await attachmentParts(deps.files, { userId, sessionId }, input.attachmentIds);
    input.userMessage = { ...input.userMessage, parts: [...input.userMessage.parts, ...files] };
  }

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
    const raced = clientKey ? await findTaskByClientKey(deps.db, sessionId, clientKey) : null;
    if (raced) return { taskId: raced.id, attached: true };
    throw new AppError("turn_active", "a turn is already running in this session", {
      task_id: created.activeTaskId,
    });
  }

  // The turn is recorded (and the user's message saved) in one transaction, then queued: a
  // failure before the queue has it ends the row and releases the session. Each statement waits a
  // turn of the event loop, tens of ms while hundreds of answers stream (docs/BENCHMARKS.md), so
  // the writes are one statement and the conversation is read before the transaction opens: read
  // committed gives each statement its own snapshot, so inside it would read nothing newer.
  let recorded = false;
  try {
    // Where the answer goes in the conversation tree, read under the session's turn lock (above).
    const conversation = await loadConversation(deps.db, sessionId);
    const parentMessageId =
      input.kind === "submit" ? input.userMessage.id : answeredMessage(conversation, input.messageId);
    const edited = input.kind === "submit" && input.editOf ? editedMessage(conversation, input.editOf) : null;
    const now = new Date();
    await deps.db.transaction(async (tx) => {
      await limitTurnsPerUser(tx, userId, deps.config.turns.maxPerUser);
      const task = tx.$with("task").as(
        tx.insert(chatTasks).values({
          id: taskId,
          sessionId,
          userId,
          kind: "chat_turn",
          status: "queued",
          messageId,
          clientKey,
          model: deps.modelLabel,
          parentMessageId,
          // With the in-process queue only this process can start it: until a worker claims it, the
          // row is this process's, so the liveness sweep ends it if this process dies, and only then.
          producerId: deps.liveness?.id ?? null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      // An edit that attaches nothing new keeps the files the question carried.
      const question =
        input.kind !== "submit"
          ? null
          : tx
              .$with("question")
              .as(
                userMessageInsert(
                  tx,
                  sessionId,
                  edited && input.attachmentIds.length === 0
                    ? withFilesOf(input.userMessage, edited)
                    : input.userMessage,
                  edited ? edited.parentId : leafOf(conversation),
                ),
              );
      await sessionTouch(
        tx,
        session,
        input.kind === "submit" && !input.editOf ? titleSource(input.userMessage, input.text) : undefined,
        question ? [task, question] : [task],
      );
    });
    recorded = true;
    // `start` comes from here so a turn waiting for a worker already shows as this message.
    const start: UIMessageChunk = {
      type: "start",
      messageId,
      messageMetadata: { taskId, sessionId, model: deps.modelLabel },
    };
    await deps.streams.append(taskId, start, { attempt: 0 });
    await deps.jobs.enqueue("chat_turn", { taskId, sessionId, userId, messageId }, { jobId: taskId });
  } catch (error) {
    // This turn never started: its row (if recorded) ends and the session is released. With the
    // store down these fail too; the session's next turn heals it (`endStaleStream`).
    if (recorded) await markTaskEnded(deps.db, taskId, "failed", "stream_unavailable").catch(() => {});
    await deps.streams.finish(taskId, "failed", [{ type: "finish", finishReason: "error" }]).catch(() => {});
    throw error;
  }
  reportQueuePosition(deps, taskId);
  return { taskId, attached: false };
}

/** The last message of the branch shown: where a new message goes. */
function leafOf(conversation: Conversation<MessageRow>): string | null {
  return conversation.shown().at(-1)?.id ?? null;
}

/** The user message an edit makes a new version of (it takes the same place). */
function editedMessage(conversation: Conversation<MessageRow>, id: string): MessageRow {
  const edited = conversation.get(id);
  if (edited?.role !== "user")
    throw new AppError("bad_request", "edit_message_id names no message of yours here");
  return edited;
}

function withFilesOf(message: UIMessage, edited: MessageRow): UIMessage {
  const files = edited.parts.filter((part) => part.type === "file");
  return files.length === 0 ? message : { ...message, parts: [...message.parts, ...files] };
}

/**
 * The message a regenerated answer follows: the one the earlier version answered. Any answer of
 * the conversation can get a new version (null: the last one shown); the earlier ones stay.
 */
function answeredMessage(conversation: Conversation<MessageRow>, id: string | null): string {
  const answer = id === null ? conversation.shown().at(-1) : conversation.get(id);
  if (answer?.role !== "assistant") throw new AppError("bad_request", "there is no answer to regenerate");
  if (answer.parentId === null || !conversation.get(answer.parentId))
    throw new AppError("bad_request", "this answer follows no message to answer again");
  return answer.parentId;
}

/**
 * Tells the readers of a turn no worker has started yet its place in line, and again when it
 * moves, until a worker takes it (its claim fences these attempt-0 notices off).
 */
function reportQueuePosition(deps: Deps, taskId: string): void {
  let reported: number | null = null;
  const deadline = Date.now() + deps.config.turns.queueTimeoutSeconds * 1000;
  const check = async () => {
    const state = await deps.jobs.state(taskId);
    if (state.state !== "waiting" || deps.lifecycle.shuttingDown) return;
    if (state.position !== reported) {
      reported = state.position;
      const notice: UIMessageChunk = {
        type: "data-task-status",
        data: { status: "queued", position: state.position },
        transient: true,
      };
      const appended = await deps.streams.append(taskId, notice, { attempt: 0 });
      if (appended.kind !== "appended") return;
    }
    if (Date.now() < deadline) schedule(QUEUE_POSITION_EVERY_MS);
  };
  const schedule = (ms: number) =>
    setTimeout(() => {
      check().catch((error) => deps.log.debug({ err: error, taskId }, "queue position check failed"));
    }, ms).unref();
  schedule(QUEUED_NOTICE_AFTER_MS);
}

/** A turn a worker takes at once shows no notice; one still waiting after this does. */
const QUEUED_NOTICE_AFTER_MS = 300;
const QUEUE_POSITION_EVERY_MS = 2000;

/**
 * At most `max` turns running or queued per user (issue 8 #5), checked under a lock on the user's
 * row so two requests cannot both take the last place.
 */
async function limitTurnsPerUser(tx: Queryable, userId: string, max: number): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
  const [row] = await tx
    .select({ count: count() })
    .from(chatTasks)
    .where(
      and(
        eq(chatTasks.userId, userId),
        eq(chatTasks.kind, "chat_turn"),
        inArray(chatTasks.status, ["queued", "running"]),
      ),
    );
  if ((row?.count ?? 0) >= max)
    throw new AppError("too_many_turns", `at most ${max} answers can be running or waiting at once`, {
      limit: max,
    });
}

const CANCEL_WAIT_MS = 3000;

/**
 * Asks the task's producer (in this or another process) to stop, then waits briefly for its
 * terminal status. Idempotent: an ended task just reports its status.
 */
export async function cancelTask(deps: Deps, userId: string, taskId: string): Promise<TaskStatus> {
  const row = await getOwnedTask(deps.db, userId, taskId);
  if (isTerminalStatus(row.status)) return row.status;
  // Asked first, so a worker taking the job right now still sees it.
  await deps.streams.requestCancel(taskId);
  if (row.status === "queued" && (await deps.jobs.removeWaiting(taskId))) {
    await endUnstartedTurn(deps, row, "cancelled", null);
    return "cancelled";
  }
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
