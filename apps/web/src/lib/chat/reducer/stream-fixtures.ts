import type { UIMessageChunk } from "@copilot/protocol";

/**
 * Chunk sequences as the server writes them (docs/api.md §5), used by the reducer's tests and stories:
 * each is one task from `start` to `finish`.
 */
const start = (messageId: string): UIMessageChunk => ({
  type: "start",
  messageId,
  messageMetadata: { taskId: "5d1b3a43-3f5b-4a4e-9d7f-111111111111", sessionId: "s", model: "offline" },
});

export const textTurn: UIMessageChunk[] = [
  start("m-text"),
  { type: "start-step" },
  { type: "text-start", id: "t1" },
  { type: "text-delta", id: "t1", delta: "Hello" },
  { type: "text-delta", id: "t1", delta: ", **world**" },
  { type: "text-end", id: "t1" },
  { type: "finish-step" },
  { type: "finish", finishReason: "stop", messageMetadata: { status: "completed" } },
];

export const reasoningTurn: UIMessageChunk[] = [
  start("m-reason"),
  { type: "start-step" },
  { type: "reasoning-start", id: "r1", providerMetadata: { test: { signature: "a" } } },
  { type: "reasoning-delta", id: "r1", delta: "Thinking " },
  { type: "reasoning-delta", id: "r1", delta: "hard." },
  { type: "reasoning-end", id: "r1" },
  { type: "text-start", id: "t1" },
  { type: "text-delta", id: "t1", delta: "Answer." },
  { type: "text-end", id: "t1" },
  { type: "finish-step" },
  { type: "finish", messageMetadata: { status: "completed" } },
];

export const toolTurn: UIMessageChunk[] = [
  start("m-tool"),
  { type: "start-step" },
  { type: "tool-input-start", toolCallId: "c1", toolName: "run_block" },
  { type: "tool-input-delta", toolCallId: "c1", inputTextDelta: '{"block":"chart_png",' },
  { type: "tool-input-delta", toolCallId: "c1", inputTextDelta: '"input":{"values":[3,1,4],"title":"De' },
  { type: "tool-input-delta", toolCallId: "c1", inputTextDelta: 'mo"}}' },
  {
    type: "tool-input-available",
    toolCallId: "c1",
    toolName: "run_block",
    input: { block: "chart_png", input: { values: [3, 1, 4], title: "Demo" } },
  },
  {
    type: "tool-output-available",
    toolCallId: "c1",
    output: {
      block: "chart_png",
      output: {
        image: "workspace://0b6f6c3e-0f47-4a4f-8f3a-6f2d2c1b0a99#image/png",
        file: {
          id: "0b6f6c3e-0f47-4a4f-8f3a-6f2d2c1b0a99",
          name: "chart.png",
          path: "/sessions/s/chart.png",
          mime_type: "image/png",
          size_bytes: 2048,
        },
      },
    },
  },
  { type: "finish-step" },
  { type: "start-step" },
  { type: "text-start", id: "t2" },
  {
    type: "text-delta",
    id: "t2",
    delta: "![Demo](workspace://0b6f6c3e-0f47-4a4f-8f3a-6f2d2c1b0a99#image/png)",
  },
  { type: "text-end", id: "t2" },
  { type: "finish-step" },
  { type: "finish", messageMetadata: { status: "completed" } },
];

export const toolErrorTurn: UIMessageChunk[] = [
  start("m-tool-error"),
  { type: "start-step" },
  { type: "tool-input-start", toolCallId: "c1", toolName: "read_workspace_file" },
  { type: "tool-input-delta", toolCallId: "c1", inputTextDelta: '{"path":"missing.txt"}' },
  {
    type: "tool-input-available",
    toolCallId: "c1",
    toolName: "read_workspace_file",
    input: { path: "missing.txt" },
  },
  { type: "tool-output-error", toolCallId: "c1", errorText: "not found" },
  {
    type: "tool-input-error",
    toolCallId: "c2",
    toolName: "write_workspace_file",
    input: "{bad",
    errorText: "invalid input",
  },
  { type: "tool-input-start", toolCallId: "c3", toolName: "mcp_search", dynamic: true, title: "Search" },
  {
    type: "tool-input-available",
    toolCallId: "c3",
    toolName: "mcp_search",
    dynamic: true,
    input: { q: "x" },
  },
  { type: "tool-output-available", toolCallId: "c3", dynamic: true, output: { hits: 0 }, preliminary: true },
  { type: "tool-output-available", toolCallId: "c3", dynamic: true, output: { hits: 1 } },
  { type: "finish-step" },
  { type: "finish", messageMetadata: { status: "completed" } },
];

export const failedTurn: UIMessageChunk[] = [
  start("m-failed"),
  { type: "start-step" },
  { type: "text-start", id: "t1" },
  { type: "text-delta", id: "t1", delta: "Partial" },
  { type: "data-progress", id: "p1", data: { done: 1 } },
  { type: "data-progress", id: "p1", data: { done: 2 } },
  { type: "data-note", data: "appended" },
  { type: "data-task-status", data: { status: "failed", code: "model_error" }, transient: true },
  { type: "error", errorText: "The model provider answered 500" },
  { type: "finish", finishReason: "error", messageMetadata: { status: "failed", errorCode: "model_error" } },
];

export const cancelledTurn: UIMessageChunk[] = [
  start("m-cancel"),
  { type: "start-step" },
  { type: "text-start", id: "t1" },
  { type: "text-delta", id: "t1", delta: "Once upon" },
  { type: "data-task-status", data: { status: "cancelled" }, transient: true },
  { type: "abort" },
  { type: "finish", messageMetadata: { status: "cancelled" } },
];

/** No worker was free at first: the turn waits in line (position 1, then next), then runs. */
export const queuedTurn: UIMessageChunk[] = [
  start("m-queued"),
  { type: "data-task-status", data: { status: "queued", position: 1 }, transient: true },
  { type: "data-task-status", data: { status: "queued", position: 0 }, transient: true },
  { type: "start-step" },
  { type: "text-start", id: "t1" },
  { type: "text-delta", id: "t1", delta: "Finally." },
  { type: "text-end", id: "t1" },
  { type: "finish-step" },
  { type: "finish", finishReason: "stop", messageMetadata: { status: "completed" } },
];

/** The worker writing the answer died; another continues the same text part where it stopped. */
export const resumedTurn: UIMessageChunk[] = [
  start("m-resumed"),
  { type: "start-step" },
  { type: "text-start", id: "t1" },
  { type: "text-delta", id: "t1", delta: "Once upon " },
  { type: "data-task-status", data: { status: "resumed", attempt: 2 }, transient: true },
  { type: "text-delta", id: "t1", delta: "a time." },
  { type: "text-end", id: "t1" },
  { type: "finish-step" },
  { type: "finish", finishReason: "stop", messageMetadata: { status: "completed" } },
];

const sourcesTurn: UIMessageChunk[] = [
  start("m-sources"),
  { type: "message-metadata", messageMetadata: { extra: { a: 1 } } },
  { type: "start-step" },
  { type: "source-url", sourceId: "s1", url: "https://example.com", title: "Example" },
  { type: "source-document", sourceId: "s2", mediaType: "text/plain", title: "Notes", filename: "notes.txt" },
  { type: "file", url: "workspace://0b6f6c3e-0f47-4a4f-8f3a-6f2d2c1b0a99#image/png", mediaType: "image/png" },
  { type: "message-metadata", messageMetadata: { extra: { b: 2 } } },
  { type: "finish-step" },
  { type: "finish", messageMetadata: { status: "completed" } },
];

/** Providers such as OpenAI chat reuse the text id in every step; each step still gets its part. */
const reusedTextIdTurn: UIMessageChunk[] = [
  start("m-reuse"),
  { type: "start-step" },
  { type: "text-start", id: "0" },
  { type: "text-delta", id: "0", delta: "First step." },
  { type: "text-end", id: "0" },
  { type: "finish-step" },
  { type: "start-step" },
  { type: "text-start", id: "0" },
  { type: "text-delta", id: "0", delta: "Second step." },
  { type: "text-end", id: "0" },
  { type: "finish-step" },
  { type: "finish" },
];

export const recordedTurns = {
  textTurn,
  reasoningTurn,
  toolTurn,
  toolErrorTurn,
  failedTurn,
  cancelledTurn,
  queuedTurn,
  resumedTurn,
  sourcesTurn,
  reusedTextIdTurn,
};

/** Entry ids as the stream store writes them: `<ms>-<seq>`, strictly increasing. */
export function toEntries(chunks: readonly UIMessageChunk[], ms = 1_700_000_000_000) {
  return chunks.map((chunk, index) => ({ id: `${ms + Math.floor(index / 3)}-${index % 3}`, chunk }));
}
