import type { ChatSessionDetail } from "@copilot/protocol";
import { STREAM_START_CURSOR } from "@copilot/protocol";
import type { Queryable } from "../db/client";
import type { Deps } from "../deps";
import { runningOperationOf } from "../operations/operation-rows";
import { loadConversation, toUIMessage } from "./messages";
import { activeTaskOf } from "./recovery";
import { getOwnedSession, toSession } from "./sessions";
import { taskParentOf } from "./task-rows";

/**
 * A session with its messages and, while a turn runs, `active_stream`. The active pointer is read
 * BEFORE the messages: the runner commits the message before it clears the pointer, so every
 * read sees the message or the stream (the running turn's message is left out: the client
 * replays it from `0-0`, one source of truth). `messages` is the branch shown (conversation.ts).
 */
export async function getSessionDetail(
  deps: Deps,
  userId: string,
  sessionId: string,
): Promise<ChatSessionDetail> {
  const session = await getOwnedSession(deps.db, userId, sessionId);
  // A page load never attaches to a stream an ended turn left open (a Redis outage outlived its producer).
  const activeTaskId = await activeTaskOf(deps.db, deps.streams, sessionId);
  const active = activeTaskId ? await deps.streams.getTask(activeTaskId) : null;
  // No turn running, but an operation is: its progress log is what there is to follow.
  const operation = activeTaskId ? null : await runningOperationOf(deps.db, sessionId);
  const { conversation, path } = await shownBranch(deps.db, sessionId, activeTaskId);
  const streamId = activeTaskId ?? operation?.progressTaskId ?? null;
  return {
    ...toSession(session, streamId !== null),
    messages: path.map(toUIMessage),
    versions: conversation.versions(path),
    active_stream: streamId
      ? {
          task_id: streamId,
          last_message_id: STREAM_START_CURSOR,
          operation_id: active?.operationId ?? operation?.id ?? null,
          tool_name: active?.toolName ?? operation?.toolName ?? null,
        }
      : null,
  };
}

/**
 * The saved messages of the branch shown. While a turn runs, it is the branch that turn answers:
 * up to the message it follows (its own message is left out, and an earlier version at its place
 * is not shown in its stead).
 */
export async function shownBranch(db: Queryable, sessionId: string, activeTaskId: string | null) {
  const conversation = await loadConversation(db, sessionId);
  const parent = activeTaskId ? await taskParentOf(db, activeTaskId) : undefined;
  const path =
    parent === undefined
      ? conversation.shown().filter((row) => activeTaskId === null || row.taskId !== activeTaskId)
      : conversation.pathTo(parent);
  return { conversation, path };
}
