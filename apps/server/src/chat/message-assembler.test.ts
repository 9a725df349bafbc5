import type { UIMessage, UIMessageChunk } from "@copilot/protocol";
import { readUIMessageStream, type UIMessageChunk as SdkChunk, type UIMessage as SdkUIMessage } from "ai";
import { describe, expect, it } from "vitest";
import { createMessageAssembler } from "./message-assembler";

const initial: UIMessage = { id: "m1", role: "assistant", parts: [], metadata: { taskId: "t" } };

/** What the SDK's own reader builds from the chunks one by one: the reference. */
async function sdkReads(chunks: UIMessageChunk[]): Promise<UIMessage> {
  const stream = new ReadableStream<SdkChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk as SdkChunk);
      controller.close();
    },
  });
  let last = structuredClone(initial) as SdkUIMessage;
  for await (const message of readUIMessageStream({ message: last, stream })) last = message;
  return last as UIMessage;
}

const words = (id: string, text: string): UIMessageChunk[] =>
  text.split(/(?<= )/).map((delta) => ({ type: "text-delta", id, delta }));

const answer: UIMessageChunk[] = [
  { type: "start", messageId: "m1" },
  { type: "start-step" },
  { type: "reasoning-start", id: "r1" },
  { type: "reasoning-delta", id: "r1", delta: "think " },
  { type: "reasoning-delta", id: "r1", delta: "hard" },
  { type: "reasoning-end", id: "r1" },
  { type: "text-start", id: "a" },
  ...words("a", "the first part of the answer "),
  // A delta with provider metadata is never merged into its neighbours.
  { type: "text-delta", id: "a", delta: "(signed) ", providerMetadata: { p: { k: 1 } } },
  ...words("a", "and the rest."),
  { type: "text-end", id: "a" },
  { type: "tool-input-start", toolCallId: "c1", toolName: "list_workspace_files" },
  { type: "tool-input-available", toolCallId: "c1", toolName: "list_workspace_files", input: {} },
  { type: "tool-output-available", toolCallId: "c1", output: { files: [] } },
  { type: "finish-step" },
  { type: "start-step" },
  { type: "text-start", id: "b" },
  ...words("b", "second step text"),
  { type: "text-end", id: "b" },
  { type: "finish-step" },
  { type: "finish", finishReason: "stop" },
];

describe("message assembler", () => {
  it("builds exactly the message the SDK's reader builds chunk by chunk, deltas merged or not", async () => {
    const assembler = createMessageAssembler(initial);
    for (const chunk of answer) assembler.push(chunk);
    expect(await assembler.finish()).toEqual(await sdkReads(answer));
  });

  it("current() holds every chunk pushed before it, pending deltas included", async () => {
    // Cuts inside reasoning, inside text (merged deltas pending), after a tool chunk, mid step 2.
    for (const cut of [4, 9, 15, 18, answer.length - 3]) {
      const assembler = createMessageAssembler(initial);
      for (const chunk of answer.slice(0, cut)) assembler.push(chunk);
      expect(await assembler.current(), `after ${cut} chunks`).toEqual(await sdkReads(answer.slice(0, cut)));
    }
  });

  it("keeps merging after a read and builds the same message in the end", async () => {
    const assembler = createMessageAssembler(initial);
    for (const chunk of answer.slice(0, 10)) assembler.push(chunk);
    await assembler.current();
    for (const chunk of words("a", "more words here")) assembler.push(chunk);
    const text = (await assembler.current()).parts.find((part) => part.type === "text") as unknown as {
      text: string;
    };
    expect(text.text).toBe("the first part more words here");
    for (const chunk of answer.slice(10)) assembler.push(chunk);
    const merged = await assembler.finish();
    const reference = await sdkReads([
      ...answer.slice(0, 10),
      ...words("a", "more words here"),
      ...answer.slice(10),
    ]);
    expect(merged).toEqual(reference);
  });

  it("never changes the message it was given", async () => {
    const given = structuredClone(initial);
    const assembler = createMessageAssembler(given);
    for (const chunk of answer) assembler.push(chunk);
    await assembler.finish();
    expect(given).toEqual(initial);
  });
});
