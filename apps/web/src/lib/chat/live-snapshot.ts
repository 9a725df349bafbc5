import type { ChatSessionDetail, UIMessage } from "@copilot/protocol";
import type { ChatMessage } from "./message-parts";
import { messageStreamOf } from "./operation-view";
import { idleStreamState, streamStateForTask } from "./reducer/stream-state";
import type { TaskLog } from "./reducer/task-log";

/** What a tab shows of a session beyond its saved messages; immutable, replaced on every change. */
export type LiveSnapshot = {
  /** `pending` until the Web Lock answers; the leader holds the connection, followers mirror it. */
  readonly role: "pending" | "leader" | "follower";
  readonly log: TaskLog;
  /** The user's message between Send and the saved copy arriving with the session. */
  readonly pendingUser: UIMessage | null;
  /**
   * The message being replaced by a new version (a regenerated answer, an edited question): it and
   * everything after it are hidden until the session no longer lists it.
   */
  readonly replacing: string | null;
  /** Detached from the stream and trying to re-attach. */
  readonly reconnecting: boolean;
  /** A turn is being posted and its task id is not known yet. */
  readonly sending: boolean;
  readonly stopping: boolean;
  /** The session was deleted (elsewhere). */
  readonly gone: boolean;
};

export type ChatStatus = "idle" | "streaming" | "ended" | "error";

/**
 * The first state of a page, computed the same way on the server and in the browser: when the
 * session detail says a turn runs, the page is streaming (Stop shown) from the
 * first paint, before any chunk arrives.
 */
export function initialSnapshot(detail: ChatSessionDetail | null): LiveSnapshot {
  const active = detail ? messageStreamOf(detail) : null;
  return {
    role: "pending",
    log: { stream: active ? streamStateForTask(active.task_id) : idleStreamState, entries: [] },
    pendingUser: null,
    replacing: null,
    reconnecting: false,
    sending: false,
    stopping: false,
    gone: false,
  };
}

export function statusOf(snapshot: LiveSnapshot): ChatStatus {
  if (snapshot.sending) return "streaming";
  return snapshot.log.stream.phase;
}

/**
 * The conversation to render: saved messages, then the pending user message and the live answer
 * unless the saved list already holds them (matched by id, never by content). While a turn streams,
 * the live copy of its message is newer than any saved one; once it ended, the saved one is the
 * source of truth. The live message keeps its position and id, so its element is never replaced.
 */
export function visibleMessages(saved: readonly ChatMessage[], snapshot: LiveSnapshot): ChatMessage[] {
  const replaced = snapshot.replacing ? saved.findIndex((message) => message.id === snapshot.replacing) : -1;
  const result = replaced === -1 ? [...saved] : saved.slice(0, replaced);
  const pending = snapshot.pendingUser;
  if (pending && !result.some((message) => message.id === pending.id)) result.push(pending);
  const live = snapshot.log.stream.message;
  if (live && live.id !== "") {
    const index = result.findIndex((message) => message.id === live.id);
    if (index === -1) result.push(live);
    else if (snapshot.log.stream.phase === "streaming") result[index] = live;
  }
  return result;
}
