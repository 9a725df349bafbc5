import type { FinishReason, TerminalTaskStatus } from "@copilot/protocol";
import type { LiveMessage, LivePart } from "../message-parts";

// The reducer's state and the helpers both halves of the reducer (./stream-state for message-level
// chunks, ./stream-part-chunks for text, reasoning and tool parts) edit it with; neither half
// imports the other's module for them, so the two do not form an import cycle.

export type StreamPhase = "idle" | "streaming" | "ended" | "error";

/**
 * What the reader should know about the turn besides its content (`data-task-status`): `queued`
 * while no worker has started it (position 0 = next in line), `resumed` once another worker
 * continues an answer whose worker stopped (attempt 2 = the first continuation).
 */
export type StreamNotice =
  | { readonly kind: "queued"; readonly position: number }
  | { readonly kind: "resumed"; readonly attempt: number };

export type PartialToolCall = {
  text: string;
  toolName: string;
  dynamic: boolean;
  title?: string;
  inputEncoding?: unknown;
};

/**
 * The state of one task's stream as a client sees it: the assistant message being built, the last
 * applied entry id, and how the task is going. Built only by `applyEntry`, which is pure: the same
 * entries in the same order always give the same state, whichever tab or connection they came from.
 */
export type StreamState = {
  readonly taskId: string | null;
  /** Id of the last applied entry; entries at or before it are duplicates. */
  readonly lastEntryId: string | null;
  readonly message: LiveMessage | null;
  /** `streaming` from the moment a task is known to run (before its first chunk), until `finish`. */
  readonly phase: StreamPhase;
  /** How the task ended, or is ending (set by `abort`/`error`/`data-task-status` before `finish`). */
  readonly outcome: TerminalTaskStatus | null;
  readonly error: { readonly text: string | null; readonly code: string | null } | null;
  readonly finishReason: FinishReason | null;
  /**
   * `queued` until the first content chunk; `resumed` from a continuation to the end of the task
   * (and after it, so the finished answer still says it was resumed).
   */
  readonly notice: StreamNotice | null;
  // Per-step bookkeeping, as in the SDK: open text/reasoning parts (chunk id → part index) and
  // tool calls whose input is still streaming.
  readonly activeText: Readonly<Record<string, number>>;
  readonly activeReasoning: Readonly<Record<string, number>>;
  readonly partialTools: Readonly<Record<string, PartialToolCall>>;
};

export const idleStreamState: StreamState = {
  taskId: null,
  lastEntryId: null,
  message: null,
  phase: "idle",
  outcome: null,
  error: null,
  finishReason: null,
  notice: null,
  activeText: {},
  activeReasoning: {},
  partialTools: {},
};

/** A task known to be running whose chunks have not arrived yet. */
export function streamStateForTask(taskId: string | null): StreamState {
  return { ...idleStreamState, taskId, phase: "streaming" };
}

export function withParts(state: StreamState, parts: LivePart[]): StreamState {
  if (!state.message) return state;
  return { ...state, message: { ...state.message, parts } };
}

export function replacePart(
  state: StreamState,
  index: number,
  update: (part: LivePart) => LivePart,
): StreamState {
  const part = state.message?.parts[index];
  if (!state.message || !part) return state;
  const parts = state.message.parts.slice();
  parts[index] = update(part);
  return withParts(state, parts);
}
