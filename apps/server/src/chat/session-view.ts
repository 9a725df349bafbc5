import type { ChatSessionDetail } from "@copilot/protocol";
import { STREAM_START_CURSOR } from "@copilot/protocol";
import type { Deps } from "../deps";
import { runningOperationOf } from "../operations/operation-rows";
import { listMessages } from "./messages";
import { activeTaskOf } from "./recovery";
import { getOwnedSession, toSession } from "./sessions";

/**
 * A session with its messages and, while a turn runs, `active_stream`. The active pointer is read
 * BEFORE the messages: the runner commits the message before it clears the pointer, so every
 * read sees the message or the stream (the running turn's message is left out: the client
 * replays it from `0-0`, one source of truth).
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
  const messages = await listMessages(deps.db, sessionId, activeTaskId);
  const streamId = activeTaskId ?? operation?.progressTaskId ?? null;
  return {
    ...toSession(session, streamId !== null),
    messages,
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
