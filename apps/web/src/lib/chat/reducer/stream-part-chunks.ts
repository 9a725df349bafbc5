import type { UIMessageChunk } from "@copilot/protocol";
import type { LivePart } from "../message-parts";
import { parsePartialJson } from "./partial-json";
import type { PartialToolCall, StreamState } from "./stream-state";
import { findToolCall, type ToolUpdate, upsertToolPart } from "./tool-part-updates";

/**
 * The part-level half of the stream reducer: text, reasoning and tool chunks, each mirroring the AI
 * SDK's `processUIMessageStream` so that a message rebuilt here equals the SDK's. Pure.
 */

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

function omit<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

export function applyText(
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

export function applyReasoning(
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

export function applyTool(state: StreamState, chunk: ToolChunk): StreamState {
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
