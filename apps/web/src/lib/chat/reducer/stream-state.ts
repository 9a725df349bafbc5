import {
  compareEntryIds,
  type MessageMetadata,
  messageMetadataSchema,
  type StreamEntry,
  taskStatusDataSchema,
  type UIMessageChunk,
} from "@copilot/protocol";
import type { LivePart } from "../message-parts";
import { isPlainObject, mergeObjects } from "./merge-objects";
import { applyStreamedText, applyTool } from "./stream-part-chunks";
import {
  idleStreamState,
  replacePart,
  type StreamNotice,
  type StreamState,
  streamStateForTask,
  withParts,
} from "./stream-shape";

export { idleStreamState, type StreamNotice, type StreamState, streamStateForTask };

/**
 * Applies one stream entry. An entry whose id is not after the last applied one is a duplicate (a
 * replay overlapping what was already seen) and leaves the state untouched: deduplication is by
 * entry id, then by message and part ids inside `applyChunk`, never by content.
 */
export function applyEntry(state: StreamState, entry: StreamEntry): StreamState {
  if (state.lastEntryId !== null && compareEntryIds(entry.id, state.lastEntryId) <= 0) return state;
  return { ...applyChunk(withoutQueuedNotice(state, entry.chunk), entry.chunk), lastEntryId: entry.id };
}

/**
 * A queued turn stops being queued with its first chunk of content: `start` and status notices
 * come before a worker writes anything, everything else is that worker's answer (or its end).
 */
function withoutQueuedNotice(state: StreamState, chunk: UIMessageChunk): StreamState {
  if (state.notice?.kind !== "queued" || chunk.type === "start" || chunk.type === "data-task-status")
    return state;
  return { ...state, notice: null };
}

function mergeMetadata(current: MessageMetadata | undefined, incoming: unknown): MessageMetadata | undefined {
  if (!isPlainObject(incoming)) return current;
  const parsed = messageMetadataSchema.safeParse(mergeObjects(current, incoming));
  return parsed.success ? parsed.data : current;
}

function withMetadata(state: StreamState, incoming: unknown): StreamState {
  if (!state.message || incoming == null) return state;
  return {
    ...state,
    message: { ...state.message, metadata: mergeMetadata(state.message.metadata, incoming) },
  };
}

const ended = (state: StreamState) => state.phase === "ended" || state.phase === "error";

function applyStart(state: StreamState, chunk: Extract<UIMessageChunk, { type: "start" }>): StreamState {
  const metadata = isPlainObject(chunk.messageMetadata) ? chunk.messageMetadata : undefined;
  const taskId = state.taskId ?? (typeof metadata?.taskId === "string" ? metadata.taskId : null);
  const phase = ended(state) ? state.phase : "streaming";
  const messageId = chunk.messageId ?? state.message?.id ?? "";
  // The same message id again (a replayed or repeated `start`) continues the message; another id
  // begins a new one, as the SDK's reader does.
  if (state.message && state.message.id === messageId) {
    return { ...withMetadata(state, chunk.messageMetadata), taskId, phase };
  }
  return {
    ...state,
    taskId,
    phase,
    message: { id: messageId, role: "assistant", parts: [], metadata: mergeMetadata(undefined, metadata) },
    // A resumed note belongs to the message it was shown on; a queued one to the turn.
    notice: state.notice?.kind === "queued" ? state.notice : null,
    activeText: {},
    activeReasoning: {},
    partialTools: {},
  };
}

function applyFinish(state: StreamState, chunk: Extract<UIMessageChunk, { type: "finish" }>): StreamState {
  const next = withMetadata(state, chunk.messageMetadata);
  const status = next.message?.metadata?.status ?? state.outcome ?? "completed";
  return {
    ...next,
    finishReason: chunk.finishReason ?? state.finishReason,
    outcome: status,
    phase: status === "failed" ? "error" : "ended",
    error:
      status === "failed"
        ? {
            text: state.error?.text ?? null,
            code: next.message?.metadata?.errorCode ?? state.error?.code ?? null,
          }
        : state.error,
  };
}

function applyTaskStatus(state: StreamState, data: unknown): StreamState {
  const parsed = taskStatusDataSchema.safeParse(data);
  if (!parsed.success) return state;
  const { status, code, position, attempt } = parsed.data;
  switch (status) {
    case "queued":
      return { ...state, notice: { kind: "queued", position: position ?? 0 } };
    case "resumed":
      return { ...state, notice: { kind: "resumed", attempt: attempt ?? 2 } };
    case "running":
      return { ...state, notice: runningNotice(state.notice) };
    case "failed":
      return {
        ...state,
        notice: runningNotice(state.notice),
        outcome: "failed",
        error: { text: state.error?.text ?? null, code: code ?? null },
      };
    case "cancelled":
    case "completed":
      return { ...state, notice: runningNotice(state.notice), outcome: status };
  }
}

/** Any status but `queued` means the turn is no longer waiting in line; a resumed note stays. */
function runningNotice(notice: StreamNotice | null): StreamNotice | null {
  return notice?.kind === "queued" ? null : notice;
}

function applyData(
  state: StreamState,
  chunk: Extract<UIMessageChunk, { type: `data-${string}` }>,
): StreamState {
  if (chunk.type === "data-task-status") return applyTaskStatus(state, chunk.data);
  if (chunk.transient || !state.message) return state;
  const parts = state.message.parts;
  const index =
    chunk.id == null
      ? -1
      : parts.findIndex((part) => part.type === chunk.type && "id" in part && part.id === chunk.id);
  if (index !== -1) return replacePart(state, index, (part) => ({ ...part, data: chunk.data }) as LivePart);
  return withParts(state, [...parts, { ...chunk }]);
}

/** Applies one chunk (no entry-id check); exhaustive over the chunk types of the protocol. */
function applyChunk(state: StreamState, chunk: UIMessageChunk): StreamState {
  switch (chunk.type) {
    case "start":
      return applyStart(state, chunk);
    case "finish":
      return applyFinish(state, chunk);
    case "abort":
      return { ...state, outcome: "cancelled" };
    case "error":
      return {
        ...state,
        outcome: "failed",
        error: { text: chunk.errorText, code: state.error?.code ?? null },
      };
    case "start-step":
      return withParts(state, [...(state.message?.parts ?? []), { type: "step-start" }]);
    case "finish-step":
      return { ...state, activeText: {}, activeReasoning: {} };
    case "message-metadata":
      return withMetadata(state, chunk.messageMetadata);
    case "text-start":
    case "text-delta":
    case "text-end":
    case "reasoning-start":
    case "reasoning-delta":
    case "reasoning-end":
      return applyStreamedText(state, chunk);
    case "tool-input-start":
    case "tool-input-delta":
    case "tool-input-available":
    case "tool-input-error":
    case "tool-output-available":
    case "tool-output-error":
    case "tool-output-denied":
    case "tool-approval-request":
      return applyTool(state, chunk);
    case "file":
      return withParts(state, [
        ...(state.message?.parts ?? []),
        {
          type: "file",
          mediaType: chunk.mediaType,
          url: chunk.url,
          ...(chunk.providerMetadata != null
            ? { providerMetadata: providerMetadataOf(chunk.providerMetadata) }
            : {}),
        },
      ]);
    case "source-url":
      return withParts(state, [
        ...(state.message?.parts ?? []),
        {
          type: "source-url",
          sourceId: chunk.sourceId,
          url: chunk.url,
          title: chunk.title,
          providerMetadata: providerMetadataOf(chunk.providerMetadata),
        },
      ]);
    case "source-document":
      return withParts(state, [
        ...(state.message?.parts ?? []),
        {
          type: "source-document",
          sourceId: chunk.sourceId,
          mediaType: chunk.mediaType,
          title: chunk.title,
          filename: chunk.filename,
          providerMetadata: providerMetadataOf(chunk.providerMetadata),
        },
      ]);
    default:
      return applyData(state, assertData(chunk));
  }
}

function providerMetadataOf(value: unknown): Record<string, unknown> | undefined {
  return isPlainObject(value) ? value : undefined;
}

/** After every named case, only `data-*` chunks remain; the compiler proves it. */
function assertData<T extends { type: `data-${string}` }>(chunk: T): T {
  return chunk;
}
