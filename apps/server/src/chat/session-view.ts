import type { ChatSessionDetail } from "@copilot/protocol";
import { STREAM_START_CURSOR } from "@copilot/protocol";
import type { Deps } from "../deps";
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
  const messages = await listMessages(deps.db, sessionId, activeTaskId);
  return {
    ...toSession(session),
    messages,
    active_stream: activeTaskId
      ? {
          task_id: activeTaskId,
          last_message_id: STREAM_START_CURSOR,
          operation_id: active?.operationId ?? null,
          tool_name: active?.toolName ?? null,
        }
      : null,
  };
}
