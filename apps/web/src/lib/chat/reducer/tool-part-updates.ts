import type { LivePart, ToolPart, ToolState } from "../message-parts";
import { isToolPart } from "../message-parts";

/**
 * Tool-part bookkeeping of the stream reducer, mirroring the AI SDK's `updateToolPart` /
 * `updateDynamicToolPart` field by field so a message rebuilt here equals the SDK's. Pure: every
 * function returns a new parts array.
 */
export type ToolUpdate = {
  toolCallId: string;
  toolName: string;
  dynamic: boolean;
  state: ToolState;
  input?: unknown;
  rawInput?: unknown;
  inputEncoding?: unknown;
  output?: unknown;
  errorText?: string;
  preliminary?: boolean;
  providerExecuted?: boolean;
  providerMetadata?: Record<string, unknown>;
  title?: string;
  toolMetadata?: unknown;
};

/** Parts after the last `step-start`: the SDK looks up tool calls of the current step first. */
function currentStepStart(parts: readonly LivePart[]): number {
  for (let index = parts.length - 1; index >= 0; index--) {
    if (parts[index]?.type === "step-start") return index + 1;
  }
  return 0;
}

/** Index of a tool call: in the current step first, then anywhere (newest first); -1 if none. */
export function findToolCall(parts: readonly LivePart[], toolCallId: string, stepOnly = false): number {
  const start = currentStepStart(parts);
  for (let index = start; index < parts.length; index++) {
    const part = parts[index];
    if (part && isToolPart(part) && part.toolCallId === toolCallId) return index;
  }
  if (stepOnly) return -1;
  for (let index = parts.length - 1; index >= 0; index--) {
    const part = parts[index];
    if (part && isToolPart(part) && part.toolCallId === toolCallId) return index;
  }
  return -1;
}

const isResultState = (state: ToolState) => state === "output-available" || state === "output-error";

function updated(part: ToolPart, update: ToolUpdate): ToolPart {
  const next: ToolPart = {
    ...part,
    state: update.state,
    input: update.input,
    output: update.output,
    errorText: update.errorText,
    rawInput: update.rawInput,
    preliminary: update.preliminary,
    providerExecuted: update.providerExecuted ?? part.providerExecuted,
  };
  if (update.dynamic) next.toolName = update.toolName;
  else next.type = `tool-${update.toolName}`;
  if (update.inputEncoding != null) next.inputEncoding = update.inputEncoding;
  else delete next.inputEncoding;
  if (update.title !== undefined) next.title = update.title;
  if (update.toolMetadata !== undefined) next.toolMetadata = update.toolMetadata;
  if (update.providerMetadata != null) {
    if (isResultState(update.state)) next.resultProviderMetadata = update.providerMetadata;
    else next.callProviderMetadata = update.providerMetadata;
  }
  return next;
}

function created(update: ToolUpdate): ToolPart {
  const part: ToolPart = update.dynamic
    ? { type: "dynamic-tool", toolName: update.toolName, toolCallId: update.toolCallId, state: update.state }
    : { type: `tool-${update.toolName}`, toolCallId: update.toolCallId, state: update.state };
  Object.assign(part, {
    title: update.title,
    input: update.input,
    output: update.output,
    rawInput: update.rawInput,
    errorText: update.errorText,
    providerExecuted: update.providerExecuted,
    preliminary: update.preliminary,
  });
  if (update.toolMetadata !== undefined) part.toolMetadata = update.toolMetadata;
  if (update.inputEncoding != null) part.inputEncoding = update.inputEncoding;
  if (update.providerMetadata != null) {
    if (isResultState(update.state)) part.resultProviderMetadata = update.providerMetadata;
    else part.callProviderMetadata = update.providerMetadata;
  }
  return part;
}

/**
 * Updates the tool call at `index`, or (index -1) the same call in the current step of the same
 * kind (static or dynamic), or appends a new part. A repeated start of a known call therefore
 * updates it instead of duplicating it (deduplication by id, never by content).
 */
export function upsertToolPart(parts: readonly LivePart[], update: ToolUpdate, index = -1): LivePart[] {
  let target = index;
  if (target === -1) {
    const start = currentStepStart(parts);
    for (let position = start; position < parts.length; position++) {
      const part = parts[position];
      if (!part || !isToolPart(part) || part.toolCallId !== update.toolCallId) continue;
      if ((part.type === "dynamic-tool") !== update.dynamic) continue;
      target = position;
      break;
    }
  }
  const next = parts.slice();
  const existing = target === -1 ? undefined : next[target];
  if (existing && isToolPart(existing)) next[target] = updated(existing, update);
  else next.push(created(update));
  return next;
}
