import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { simulateReadableStream, streamText } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { releaseSpareBranch } from "./sdk-tee";

function answer(deltas: number): LanguageModelV3StreamPart[] {
  return [
    { type: "stream-start", warnings: [] },
    { type: "text-start", id: "t" },
    ...Array.from(
      { length: deltas },
      (_, i): LanguageModelV3StreamPart => ({
        type: "text-delta",
        id: "t",
        delta: `w${i} `,
      }),
    ),
    { type: "text-end", id: "t" },
    {
      type: "finish",
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: deltas, text: deltas, reasoning: 0 },
      },
    },
  ];
}

function start(deltas: number) {
  let finished = "";
  const result = streamText({
    model: new MockLanguageModelV3({
      doStream: async () => ({
        stream: simulateReadableStream({ chunks: answer(deltas), chunkDelayInMs: null }),
      }),
    }),
    prompt: "count",
    onFinish: (event) => {
      finished = event.finishReason;
    },
  });
  return { result, finished: () => finished };
}

/** The branch the SDK keeps back: what a reader of it would get first. */
async function spareHead(result: object) {
  const spare = (result as { baseStream: ReadableStream }).baseStream;
  return spare.getReader().read();
}

describe("releaseSpareBranch", () => {
  it("without it, the SDK keeps a second branch holding every part of the turn", async () => {
    const { result } = start(50);
    for await (const _ of result.toUIMessageStream());
    expect((await spareHead(result)).done).toBe(false);
  });

  it("cancels that branch, while the stream read and the SDK's own results stay whole", async () => {
    const { result, finished } = start(500);
    const stream = result.toUIMessageStream();
    releaseSpareBranch(result);
    let text = "";
    for await (const chunk of stream) if (chunk.type === "text-delta") text += chunk.delta;
    expect(text).toBe(Array.from({ length: 500 }, (_, i) => `w${i} `).join(""));
    expect(await spareHead(result)).toEqual({ done: true, value: undefined });
    expect(await result.text).toBe(text);
    expect(finished()).toBe("stop");
  });
});
