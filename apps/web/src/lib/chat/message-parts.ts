import type { MessageMetadata, UIMessage } from "@copilot/protocol";

/**
 * The parts of an assistant message as the stream reducer builds them: the AI SDK's UI message
 * parts (v1), typed strictly enough for the reducer, and assignable to the protocol's loose
 * `UIMessage` that saved messages use, so one renderer serves both.
 */
type ProviderMetadata = Record<string, unknown> | undefined;

type TextPart = {
  type: "text";
  text: string;
  state?: "streaming" | "done";
  providerMetadata?: ProviderMetadata;
};

type ReasoningPart = {
  type: "reasoning";
  id?: string;
  text: string;
  state?: "streaming" | "done";
  providerMetadata?: ProviderMetadata;
};

type StepStartPart = { type: "step-start" };

export type ToolState =
  | "input-streaming"
  | "input-available"
  | "approval-requested"
  | "approval-responded"
  | "output-available"
  | "output-error"
  | "output-denied";

/** `tool-<name>` for tools the server declared, `dynamic-tool` (with `toolName`) for the others. */
export type ToolPart = {
  type: `tool-${string}` | "dynamic-tool";
  toolCallId: string;
  toolName?: string;
  state: ToolState;
  title?: string;
  input?: unknown;
  rawInput?: unknown;
  inputEncoding?: unknown;
  output?: unknown;
  errorText?: string;
  providerExecuted?: boolean;
  preliminary?: boolean;
  approval?: { id: string; [key: string]: unknown };
  toolMetadata?: unknown;
  callProviderMetadata?: ProviderMetadata;
  resultProviderMetadata?: ProviderMetadata;
};

type FilePart = { type: "file"; url: string; mediaType: string; providerMetadata?: ProviderMetadata };
type SourceUrlPart = {
  type: "source-url";
  sourceId: string;
  url: string;
  title?: string;
  providerMetadata?: ProviderMetadata;
};
type SourceDocumentPart = {
  type: "source-document";
  sourceId: string;
  mediaType: string;
  title: string;
  filename?: string;
  providerMetadata?: ProviderMetadata;
};
type DataPart = { type: `data-${string}`; id?: string; data: unknown };

export type LivePart =
  | TextPart
  | ReasoningPart
  | StepStartPart
  | ToolPart
  | FilePart
  | SourceUrlPart
  | SourceDocumentPart
  | DataPart;

export type LiveMessage = {
  id: string;
  role: "assistant";
  parts: LivePart[];
  metadata?: MessageMetadata;
};

/** What the views render: a saved message (protocol, loose parts) or a live one. */
export type ChatMessage = UIMessage;

export const isToolPart = (part: { type: string }): part is ToolPart =>
  part.type === "dynamic-tool" || part.type.startsWith("tool-");

/** `tool-get_current_time` → `get_current_time`; a dynamic tool names itself. */
export function toolNameOf(part: ToolPart): string {
  return part.type === "dynamic-tool" ? (part.toolName ?? "tool") : part.type.slice("tool-".length);
}

const toolStates: readonly string[] = [
  "input-streaming",
  "input-available",
  "approval-requested",
  "approval-responded",
  "output-available",
  "output-error",
  "output-denied",
] satisfies ToolState[];

/** A saved (loose) part as a tool part, when it is one with a known state; null otherwise. */
export function asToolPart(part: { type: string; [key: string]: unknown }): ToolPart | null {
  if (!isToolPart(part)) return null;
  if (
    typeof part.toolCallId !== "string" ||
    typeof part.state !== "string" ||
    !toolStates.includes(part.state)
  ) {
    return null;
  }
  return part;
}

/** What "Copy" puts on the clipboard: the message's text parts as written (Markdown), nothing else. */
export function messageMarkdown(message: Pick<ChatMessage, "parts">): string {
  return message.parts
    .flatMap((part) => (part.type === "text" && typeof part.text === "string" ? [part.text.trim()] : []))
    .filter((text) => text !== "")
    .join("\n\n");
}
