import { streamText } from "ai";
import { describe, expect, it } from "vitest";
import { scriptedModel, textStep } from "../testing/scripted-model";
import { releaseSpareBranch } from "./sdk-tee";

const words = (count: number) => Array.from({ length: count }, (_, i) => `w${i} `);

function start(deltas: number) {
  let finished = "";
  const result = streamText({
    model: scriptedModel([textStep("t", ...words(deltas))]),
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
    expect(text).toBe(words(500).join(""));
    expect(await spareHead(result)).toEqual({ done: true, value: undefined });
    expect(await result.text).toBe(text);
    expect(finished()).toBe("stop");
  });
});
