import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { sleep } from "@copilot/protocol";

const isDelta = (part: LanguageModelV3StreamPart) =>
  part.type === "text-delta" || part.type === "tool-input-delta";

/**
 * Streams `parts` with `delayMs` before each delta. An abort errors the stream with an
 * `AbortError` the moment it happens, like an aborted `fetch` body: queued parts are dropped, so no
 * part is read after the abort, and `streamText` reports it as an abort rather than a failure.
 */
export function pacedStream(
  parts: Iterable<LanguageModelV3StreamPart>,
  { delayMs, abortSignal }: { delayMs: number; abortSignal?: AbortSignal },
): ReadableStream<LanguageModelV3StreamPart> {
  // Ends pending pauses on abort and on cancel alike; `abortSignal` may be shared, so never abort it.
  const stop = new AbortController();
  const source = parts[Symbol.iterator]();
  let onAbort: (() => void) | undefined;
  const detach = () => {
    if (onAbort) abortSignal?.removeEventListener("abort", onAbort);
  };

  return new ReadableStream<LanguageModelV3StreamPart>({
    start(controller) {
      onAbort = () => {
        stop.abort();
        controller.error(new DOMException("The offline model stream was aborted.", "AbortError"));
      };
      if (abortSignal?.aborted) onAbort();
      else abortSignal?.addEventListener("abort", onAbort, { once: true });
    },
    async pull(controller) {
      const { done, value: part } = source.next();
      if (done) {
        detach();
        controller.close();
        return;
      }
      if (delayMs > 0 && isDelta(part)) await sleep(delayMs, stop.signal);
      if (stop.signal.aborted) return;
      controller.enqueue(part);
    },
    cancel() {
      stop.abort();
      detach();
      source.return?.();
    },
  });
}
