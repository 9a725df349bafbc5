import type { UIMessage, UIMessageChunk } from "@copilot/protocol";
import { readUIMessageStream, type UIMessageChunk as SdkChunk, type UIMessage as SdkUIMessage } from "ai";
import { bareDelta, type Delta } from "../streams/bare-delta";

/**
 * Builds the assistant message from the chunks a task writes, with the AI SDK's own reader, so the
 * saved message is exactly what an SDK client rebuilds from the stream.
 *
 * The SDK's reader clones the whole message for every chunk it reads (quadratic in the answer's
 * length) and each chunk crosses a web stream: adjacent bare deltas of one part are merged before
 * they reach it, which leaves the message identical (a part's text is the concatenation of its
 * deltas) at a fraction of the cost (docs/BENCHMARKS.md, "Profile"). A merged delta is handed on
 * only when another kind of chunk follows or the message is read, not per event-loop turn: a paced
 * answer (one delta per turn of the loop) otherwise paid the reader for every delta (~60 µs each
 * with 200 paced turns, `npm run bench:pipeline`).
 */
export function createMessageAssembler(initial: UIMessage) {
  let controller!: ReadableStreamDefaultController<SdkChunk>;
  const stream = new ReadableStream<SdkChunk>({
    start(c) {
      controller = c;
    },
  });
  // The SDK's reader writes into the message it is given: each assembler gets its own copy.
  let latest: UIMessage = structuredClone(initial);
  const reading = (async () => {
    // The SDK treats an `error` chunk as data (it becomes the message's error state), not a throw.
    for await (const message of readUIMessageStream<SdkUIMessage>({
      message: latest as SdkUIMessage,
      stream,
    })) {
      latest = message as UIMessage;
    }
  })();

  let pending: Delta | null = null;
  const release = () => {
    if (!pending) return;
    // The same wire format; the protocol's schema is only looser (it passes unknown fields on).
    controller.enqueue(pending as SdkChunk);
    pending = null;
  };

  return {
    push(chunk: UIMessageChunk) {
      if (bareDelta(chunk)) {
        // `pending` is our own copy, so it grows in place.
        if (pending && pending.type === chunk.type && pending.id === chunk.id) {
          pending.delta += chunk.delta;
          return;
        }
        release();
        pending = { ...chunk };
        return;
      }
      release();
      controller.enqueue(chunk as SdkChunk);
    },
    /**
     * The message with every chunk pushed so far. The SDK's reader runs on promise callbacks
     * only, so one turn of the event loop lets it take in what was just handed to it.
     */
    async current(): Promise<UIMessage> {
      release();
      await new Promise<void>((resolve) => setImmediate(resolve));
      return structuredClone(latest);
    },
    async finish(): Promise<UIMessage> {
      release();
      controller.close();
      await reading;
      return structuredClone(latest);
    },
  };
}
