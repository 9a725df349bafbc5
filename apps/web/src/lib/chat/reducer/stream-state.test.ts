import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { type UIMessageChunk, uiMessageChunkSchema } from "@copilot/protocol";
import {
  readUIMessageStream,
  type UIMessageChunk as SdkChunk,
  type UIMessage as SdkMessage,
  streamText,
  tool,
} from "ai";
import { MockLanguageModelV3, simulateReadableStream } from "ai/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { queuedTurn, recordedTurns, resumedTurn, toEntries, toolTurn } from "./stream-fixtures";
import { applyEntry, idleStreamState, type StreamState, streamStateForTask } from "./stream-state";

function replay(chunks: readonly UIMessageChunk[], from: StreamState = idleStreamState): StreamState {
  return toEntries(chunks).reduce(applyEntry, from);
}

/** The message the AI SDK's own reader builds from the same chunks. */
async function sdkMessage(chunks: readonly UIMessageChunk[]): Promise<SdkMessage | undefined> {
  const stream = new ReadableStream<SdkChunk>({
    start(controller) {
      // The protocol's chunk type is the SDK's wire format, only looser (unknown fields pass on).
      for (const chunk of chunks) controller.enqueue(chunk as SdkChunk);
      controller.close();
    },
  });
  let last: SdkMessage | undefined;
  for await (const message of readUIMessageStream({ stream })) last = message;
  return last;
}

describe("applyEntry equals the AI SDK's readUIMessageStream", () => {
  for (const [name, chunks] of Object.entries(recordedTurns)) {
    it(name, async () => {
      for (const chunk of chunks) expect(uiMessageChunkSchema.safeParse(chunk).success).toBe(true);
      expect(replay(chunks).message).toEqual(await sdkMessage(chunks));
    });
  }

  it("for a turn recorded from streamText with a tool (the server's own pipeline)", async () => {
    const model = new MockLanguageModelV3({
      doStream: async ({ prompt }) => {
        const afterTool = prompt.some((message) => message.role === "tool");
        const usage = {
          inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
        };
        return {
          stream: simulateReadableStream<LanguageModelV3StreamPart>({
            chunks: afterTool
              ? [
                  { type: "text-start", id: "t" },
                  { type: "text-delta", id: "t", delta: "It is " },
                  { type: "text-delta", id: "t", delta: "noon." },
                  { type: "text-end", id: "t" },
                  { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage },
                ]
              : [
                  { type: "reasoning-start", id: "r" },
                  { type: "reasoning-delta", id: "r", delta: "Check the clock." },
                  { type: "reasoning-end", id: "r" },
                  { type: "tool-input-start", id: "call-1", toolName: "get_current_time" },
                  { type: "tool-input-delta", id: "call-1", delta: '{"zone":' },
                  { type: "tool-input-delta", id: "call-1", delta: '"UTC"}' },
                  { type: "tool-input-end", id: "call-1" },
                  {
                    type: "tool-call",
                    toolCallId: "call-1",
                    toolName: "get_current_time",
                    input: '{"zone":"UTC"}',
                  },
                  { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage },
                ],
          }),
        };
      },
    });
    const result = streamText({
      model,
      prompt: "what time is it",
      tools: {
        get_current_time: tool({
          inputSchema: z.object({ zone: z.string() }),
          execute: async () => ({ iso: "2026-01-01T12:00:00.000Z" }),
        }),
      },
      stopWhen: ({ steps }) => steps.length >= 2,
    });
    const chunks: UIMessageChunk[] = [];
    for await (const chunk of result.toUIMessageStream({ generateMessageId: () => "m-recorded" })) {
      chunks.push(uiMessageChunkSchema.parse(chunk));
    }
    expect(chunks.map((chunk) => chunk.type)).toContain("tool-output-available");
    expect(replay(chunks).message).toEqual(await sdkMessage(chunks));
  });
});

describe("deduplication", () => {
  it("ignores entries at or before the last applied id (overlapping replays)", () => {
    const entries = toEntries(toolTurn);
    const once = entries.reduce(applyEntry, idleStreamState);
    // A re-attach that replays from an older cursor, then the rest: the same message.
    const middle = entries.slice(0, 7).reduce(applyEntry, idleStreamState);
    const overlapped = entries.slice(3).reduce(applyEntry, middle);
    expect(overlapped.message).toEqual(once.message);
    // The same entry twice is a no-op that returns the very same state object.
    const last = entries.at(-1);
    if (!last) throw new Error("fixture is empty");
    expect(applyEntry(once, last)).toBe(once);
  });

  it("treats a repeated start with the same message id as a continuation", () => {
    const entries = toEntries(recordedTurns.textTurn);
    const state = entries.slice(0, 5).reduce(applyEntry, idleStreamState);
    const restarted = applyEntry(state, {
      id: "1800000000000-0",
      chunk: { type: "start", messageId: "m-text" },
    });
    expect(restarted.message?.parts).toEqual(state.message?.parts);
  });

  it("does not open a text part twice for a repeated text-start", () => {
    const state = replay(recordedTurns.textTurn.slice(0, 4));
    const repeated = applyEntry(state, { id: "1800000000000-0", chunk: { type: "text-start", id: "t1" } });
    expect(repeated.message?.parts.filter((part) => part.type === "text")).toHaveLength(1);
  });

  it("orders ids numerically, not as strings", () => {
    const state = applyEntry(streamStateForTask("t"), {
      id: "999-0",
      chunk: { type: "start", messageId: "m" },
    });
    const next = applyEntry(state, { id: "1000-0", chunk: { type: "start-step" } });
    expect(next.lastEntryId).toBe("1000-0");
    expect(next.message?.parts).toEqual([{ type: "step-start" }]);
  });
});

describe("phase and outcome", () => {
  it("is streaming from the moment a task is known, before any chunk", () => {
    expect(streamStateForTask("t").phase).toBe("streaming");
    expect(idleStreamState.phase).toBe("idle");
  });

  it("ends a completed turn", () => {
    const state = replay(recordedTurns.textTurn);
    expect(state).toMatchObject({ phase: "ended", outcome: "completed", error: null });
    expect(state.taskId).toBe("5d1b3a43-3f5b-4a4e-9d7f-111111111111");
  });

  it("turns a failure into the error phase with its text and code", () => {
    const state = replay(recordedTurns.failedTurn);
    expect(state).toMatchObject({
      phase: "error",
      outcome: "failed",
      error: { text: "The model provider answered 500", code: "model_error" },
    });
    // The transient status notice never becomes a part.
    expect(state.message?.parts.some((part) => part.type === "data-task-status")).toBe(false);
  });

  it("ends a cancelled turn as ended/cancelled, keeping the partial text", () => {
    const state = replay(recordedTurns.cancelledTurn);
    expect(state).toMatchObject({ phase: "ended", outcome: "cancelled" });
    expect(state.message?.parts).toContainEqual(expect.objectContaining({ type: "text", text: "Once upon" }));
  });

  it("is streaming while chunks arrive", () => {
    expect(replay(recordedTurns.textTurn.slice(0, 4)).phase).toBe("streaming");
  });
});

describe("notices (queued, resumed)", () => {
  /** The state after each chunk. */
  function states(chunks: readonly UIMessageChunk[]): StreamState[] {
    const all: StreamState[] = [];
    for (const entry of toEntries(chunks)) all.push(applyEntry(all.at(-1) ?? idleStreamState, entry));
    return all;
  }

  it("shows the place in line until the first content chunk", () => {
    const notices = states(queuedTurn).map((state) => state.notice);
    expect(notices.slice(0, 4)).toEqual([
      null,
      { kind: "queued", position: 1 },
      { kind: "queued", position: 0 },
      null,
    ]);
    expect(notices.slice(3).every((notice) => notice === null)).toBe(true);
  });

  it("clears a queued notice when the turn fails without a worker", () => {
    const state = replay([
      queuedTurn[0] as UIMessageChunk,
      { type: "data-task-status", data: { status: "queued", position: 0 }, transient: true },
      { type: "data-task-status", data: { status: "failed", code: "no_worker" }, transient: true },
      { type: "error", errorText: "no worker" },
      {
        type: "finish",
        finishReason: "error",
        messageMetadata: { status: "failed", errorCode: "no_worker" },
      },
    ]);
    expect(state).toMatchObject({ notice: null, phase: "error", error: { code: "no_worker" } });
  });

  it("keeps the resumed note while the answer streams on, and after it ends", () => {
    const all = states(resumedTurn);
    expect(all.slice(0, 4).every((state) => state.notice === null)).toBe(true);
    const resumedIndex = resumedTurn.findIndex((chunk) => chunk.type === "data-task-status");
    for (const state of all.slice(resumedIndex))
      expect(state.notice).toEqual({ kind: "resumed", attempt: 2 });
    // The continuation writes into the same text part: nothing repeated.
    expect(all.at(-1)?.message?.parts).toContainEqual(
      expect.objectContaining({ type: "text", text: "Once upon a time." }),
    );
    expect(all.at(-1)?.phase).toBe("ended");
  });

  it("is unchanged by a replay of the same entries", () => {
    for (const chunks of [queuedTurn, resumedTurn]) {
      const entries = toEntries(chunks);
      for (let cut = 0; cut <= entries.length; cut++) {
        const once = entries.slice(0, cut).reduce(applyEntry, idleStreamState);
        expect(entries.slice(0, cut).reduce(applyEntry, once)).toBe(once);
        // A re-attach replaying from the start, then the rest: the same final state.
        expect(entries.reduce(applyEntry, once)).toEqual(entries.reduce(applyEntry, idleStreamState));
      }
    }
  });
});
