import type { UIMessage, UIMessageChunk } from "@copilot/protocol";
import { readUIMessageStream, type UIMessageChunk as SdkChunk, type UIMessage as SdkUIMessage } from "ai";

/**
 * Builds the assistant message from the chunks a task writes, with the AI SDK's own reader, so the
 * saved message is exactly what an SDK client rebuilds from the stream.
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

  return {
    push(chunk: UIMessageChunk) {
      // The same wire format; the protocol's schema is only looser (it passes unknown fields on).
      controller.enqueue(chunk as SdkChunk);
    },
    /** The message as assembled so far (lags the last push by a microtask or two). */
    current(): UIMessage {
      return structuredClone(latest);
    },
    async finish(): Promise<UIMessage> {
      controller.close();
      await reading;
      return structuredClone(latest);
    },
  };
}
