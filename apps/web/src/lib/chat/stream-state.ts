import {
  compareEntryIds,
  type MessageMetadata,
  messageMetadataSchema,
  type StreamEntry,
  type TerminalTaskStatus,
  taskStatusDataSchema,
  type UIMessageChunk,
} from "@copilot/protocol";
import { isPlainObject, mergeObjects } from "./merge-objects";
import type { LiveMessage, LivePart } from "./message-parts";
import { parsePartialJson } from "./partial-json";
import { findToolCall, type ToolUpdate, upsertToolPart } from "./tool-part-updates";

/**
 * The state of one task's stream as a client sees it: the assistant message being built, the last
 * applied entry id, and how the task is going. Built only by `applyEntry`, which is pure: the same
 * entries in the same order always give the same state, whichever tab or connection they came from.
 */
export type StreamPhase = "idle" | "streaming" | "ended" | "error";

type PartialToolCall = {
  text: string;
  toolName: string;
  dynamic: boolean;
  title?: string;
  inputEncoding?: unknown;
};

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
  readonly finishReason: string | null;
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
  activeText: {},
  activeReasoning: {},
  partialTools: {},
};

/** A task known to be running whose chunks have not arrived yet. */
export function streamStateForTask(taskId: string | null): StreamState {
  return { ...idleStreamState, taskId, phase: "streaming" };
}

/**
 * Applies one stream entry. An entry whose id is not after the last applied one is a duplicate (a
 * replay overlapping what was already seen) and leaves the state untouched: deduplication is by
 * entry id, then by message and part ids inside `applyChunk`, never by content.
 */
export function applyEntry(state: StreamState, entry: StreamEntry): StreamState {
  if (state.lastEntryId !== null && compareEntryIds(entry.id, state.lastEntryId) <= 0) return state;
  return { ...applyChunk(state, entry.chunk), lastEntryId: entry.id };
}

function withParts(state: StreamState, parts: LivePart[]): StreamState {
  if (!state.message) return state;
  return { ...state, message: { ...state.message, parts } };
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

function replacePart(state: StreamState, index: number, update: (part: LivePart) => LivePart): StreamState {
  const part = state.message?.parts[index];
  if (!state.message || !part) return state;
  const parts = state.message.parts.slice();
  parts[index] = update(part);
  return withParts(state, parts);
}

function omit<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
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
  const { status, code } = parsed.data;
  if (status === "failed")
    return { ...state, outcome: "failed", error: { text: state.error?.text ?? null, code: code ?? null } };
  if (status === "cancelled" || status === "completed") return { ...state, outcome: status };
  return state;
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

function applyText(
  state: StreamState,
  chunk: Extract<UIMessageChunk, { type: `text-${string}` }>,
): StreamState {
  const index = state.activeText[chunk.id];
  switch (chunk.type) {
    case "text-start": {
      // A start for a part that is already open is a repeat: the part exists once.
      if (!state.message || index !== undefined) return state;
      const parts = state.message.parts;
      const next = withParts(state, [
        ...parts,
        { type: "text", text: "", providerMetadata: chunk.providerMetadata, state: "streaming" },
      ]);
      return { ...next, activeText: { ...state.activeText, [chunk.id]: parts.length } };
    }
    case "text-delta":
      if (index === undefined) return state;
      return replacePart(state, index, (part) =>
        part.type === "text"
          ? {
              ...part,
              text: part.text + chunk.delta,
              providerMetadata: chunk.providerMetadata ?? part.providerMetadata,
            }
          : part,
      );
    case "text-end": {
      if (index === undefined) return state;
      const next = replacePart(state, index, (part) =>
        part.type === "text"
          ? { ...part, state: "done", providerMetadata: chunk.providerMetadata ?? part.providerMetadata }
          : part,
      );
      return { ...next, activeText: omit(state.activeText, chunk.id) };
    }
  }
}

function applyReasoning(
  state: StreamState,
  chunk: Extract<UIMessageChunk, { type: `reasoning-${string}` }>,
): StreamState {
  const index = state.activeReasoning[chunk.id];
  switch (chunk.type) {
    case "reasoning-start": {
      if (!state.message || index !== undefined) return state;
      const parts = state.message.parts;
      const part: LivePart = {
        type: "reasoning",
        id: chunk.id,
        text: "",
        providerMetadata: chunk.providerMetadata,
        state: "streaming",
      };
      return {
        ...withParts(state, [...parts, part]),
        activeReasoning: { ...state.activeReasoning, [chunk.id]: parts.length },
      };
    }
    case "reasoning-delta":
      if (index === undefined) return state;
      return replacePart(state, index, (part) =>
        part.type === "reasoning"
          ? {
              ...part,
              text: part.text + chunk.delta,
              providerMetadata: chunk.providerMetadata ?? part.providerMetadata,
            }
          : part,
      );
    case "reasoning-end": {
      if (index === undefined) return state;
      const next = replacePart(state, index, (part) =>
        part.type === "reasoning"
          ? { ...part, providerMetadata: chunk.providerMetadata ?? part.providerMetadata, state: "done" }
          : part,
      );
      return { ...next, activeReasoning: omit(state.activeReasoning, chunk.id) };
    }
  }
}

type ToolChunk = Extract<UIMessageChunk, { type: `tool-${string}` }>;

function toolUpdateFrom(
  state: StreamState,
  toolCallId: string,
): { index: number; base: Omit<ToolUpdate, "state"> } | null {
  const parts = state.message?.parts ?? [];
  const index = findToolCall(parts, toolCallId);
  const part = parts[index];
  if (!part || !("toolCallId" in part)) return null;
  const dynamic = part.type === "dynamic-tool";
  return {
    index,
    base: {
      toolCallId,
      dynamic,
      toolName: dynamic ? (part.toolName ?? "") : part.type.slice("tool-".length),
      input: part.input,
      title: part.title,
    },
  };
}

function applyTool(state: StreamState, chunk: ToolChunk): StreamState {
  if (!state.message) return state;
  const parts = state.message.parts;
  switch (chunk.type) {
    case "tool-input-start": {
      const partial: PartialToolCall = {
        text: "",
        toolName: chunk.toolName,
        dynamic: chunk.dynamic === true,
        title: chunk.title,
        inputEncoding: chunk.inputEncoding,
      };
      const next = withParts(
        state,
        upsertToolPart(parts, {
          toolCallId: chunk.toolCallId,
          toolName: chunk.toolName,
          dynamic: partial.dynamic,
          state: "input-streaming",
          inputEncoding: chunk.inputEncoding,
          input: undefined,
          providerExecuted: chunk.providerExecuted,
          title: chunk.title,
          toolMetadata: chunk.toolMetadata,
          providerMetadata: chunk.providerMetadata,
        }),
      );
      return { ...next, partialTools: { ...state.partialTools, [chunk.toolCallId]: partial } };
    }
    case "tool-input-delta": {
      const partial = state.partialTools[chunk.toolCallId];
      if (!partial) return state;
      const text = partial.text + chunk.inputTextDelta;
      const next = withParts(
        state,
        upsertToolPart(parts, {
          toolCallId: chunk.toolCallId,
          toolName: partial.toolName,
          dynamic: partial.dynamic,
          state: "input-streaming",
          inputEncoding: partial.inputEncoding,
          input: partial.inputEncoding === "text" ? text : parsePartialJson(text),
          rawInput: text,
          title: partial.title,
        }),
      );
      return { ...next, partialTools: { ...state.partialTools, [chunk.toolCallId]: { ...partial, text } } };
    }
    case "tool-input-available":
      return withParts(
        state,
        upsertToolPart(parts, {
          toolCallId: chunk.toolCallId,
          toolName: chunk.toolName,
          dynamic: chunk.dynamic === true,
          state: "input-available",
          input: chunk.input,
          providerExecuted: chunk.providerExecuted,
          providerMetadata: chunk.providerMetadata,
          title: chunk.title,
          toolMetadata: chunk.toolMetadata,
        }),
      );
    case "tool-input-error": {
      const existing = parts[findToolCall(parts, chunk.toolCallId, true)];
      const dynamic = existing ? existing.type === "dynamic-tool" : chunk.dynamic === true;
      return withParts(
        state,
        upsertToolPart(parts, {
          toolCallId: chunk.toolCallId,
          toolName: chunk.toolName,
          dynamic,
          state: "output-error",
          input: dynamic ? chunk.input : undefined,
          rawInput: dynamic ? undefined : chunk.input,
          errorText: chunk.errorText,
          providerExecuted: chunk.providerExecuted,
          providerMetadata: chunk.providerMetadata,
          toolMetadata: chunk.toolMetadata,
        }),
      );
    }
    case "tool-output-available":
    case "tool-output-error": {
      const found = toolUpdateFrom(state, chunk.toolCallId);
      if (!found) return state;
      const existing = parts[found.index];
      const output = chunk.type === "tool-output-available";
      return withParts(
        state,
        upsertToolPart(
          parts,
          {
            ...found.base,
            state: output ? "output-available" : "output-error",
            output: output ? chunk.output : undefined,
            errorText: output ? undefined : chunk.errorText,
            // The SDK keeps the raw input only on a static tool's error.
            rawInput:
              !output && !found.base.dynamic && existing && "rawInput" in existing
                ? existing.rawInput
                : undefined,
            preliminary: output ? chunk.preliminary : undefined,
            providerExecuted: chunk.providerExecuted,
            providerMetadata: chunk.providerMetadata,
            toolMetadata:
              chunk.toolMetadata ??
              (existing && "toolMetadata" in existing ? existing.toolMetadata : undefined),
          },
          found.index,
        ),
      );
    }
    case "tool-approval-request":
    case "tool-output-denied": {
      const index = findToolCall(parts, chunk.toolCallId);
      if (index === -1) return state;
      return replacePart(state, index, (part) => {
        if (!("toolCallId" in part)) return part;
        if (chunk.type === "tool-output-denied") return { ...part, state: "output-denied" };
        const { type: _type, toolCallId: _id, approvalId, ...descriptor } = chunk;
        return { ...part, state: "approval-requested", approval: { id: approvalId, ...descriptor } };
      });
    }
  }
}

/** Applies one chunk (no entry-id check); exhaustive over the chunk types of the protocol. */
export function applyChunk(state: StreamState, chunk: UIMessageChunk): StreamState {
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
      return applyText(state, chunk);
    case "reasoning-start":
    case "reasoning-delta":
    case "reasoning-end":
      return applyReasoning(state, chunk);
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
