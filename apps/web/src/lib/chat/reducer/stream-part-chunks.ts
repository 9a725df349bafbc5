import type { UIMessageChunk } from "@copilot/protocol";
import type { LivePart } from "../message-parts";
import { parsePartialJson } from "./partial-json";
import { type PartialToolCall, replacePart, type StreamState, withParts } from "./stream-shape";
import { findToolCall, type ToolUpdate, upsertToolPart } from "./tool-part-updates";

/**
 * The part-level half of the stream reducer: text, reasoning and tool chunks, each mirroring the AI
 * SDK's `processUIMessageStream` so that a message rebuilt here equals the SDK's. Pure.
 */

function omit<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

type StreamedTextChunk = Extract<UIMessageChunk, { type: `text-${string}` | `reasoning-${string}` }>;

/**
 * Text and reasoning chunks, one reducer for both: `<kind>-start` opens a part (a repeated start
 * for an open part is ignored), `-delta` appends, `-end` closes it. They differ only in the part's
 * type, the reasoning part keeping its chunk id, and which table of open parts they use.
 */
export function applyStreamedText(state: StreamState, chunk: StreamedTextChunk): StreamState {
  const [kind, step] = chunk.type.split("-") as ["text" | "reasoning", "start" | "delta" | "end"];
  const openKey = kind === "text" ? "activeText" : "activeReasoning";
  const open = state[openKey];
  const index = open[chunk.id];
  const edit = (change: (part: Extract<LivePart, { type: typeof kind }>) => LivePart) =>
    index === undefined
      ? state
      : replacePart(state, index, (part) => (part.type === kind ? change(part) : part));
  switch (step) {
    case "start": {
      if (!state.message || index !== undefined) return state;
      const parts = state.message.parts;
      const part: LivePart =
        kind === "text"
          ? { type: "text", text: "", providerMetadata: chunk.providerMetadata, state: "streaming" }
          : {
              type: "reasoning",
              id: chunk.id,
              text: "",
              providerMetadata: chunk.providerMetadata,
              state: "streaming",
            };
      return { ...withParts(state, [...parts, part]), [openKey]: { ...open, [chunk.id]: parts.length } };
    }
    case "delta":
      return edit((part) => ({
        ...part,
        text: part.text + ("delta" in chunk ? chunk.delta : ""),
        providerMetadata: chunk.providerMetadata ?? part.providerMetadata,
      }));
    case "end": {
      if (index === undefined) return state;
      const next = edit((part) => ({
        ...part,
        state: "done",
        providerMetadata: chunk.providerMetadata ?? part.providerMetadata,
      }));
      return { ...next, [openKey]: omit(open, chunk.id) };
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
