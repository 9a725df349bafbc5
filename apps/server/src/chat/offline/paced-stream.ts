import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";

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
  const source = parts[Symbol.iterator]();
  // One timer per pause, ended early on abort and on cancel alike. Not an AbortSignal per pause:
  // adding and removing a listener for each of 10,000 deltas/s was a third of this stream's CPU.
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const pause = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, delayMs);
    });
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    wake?.();
  };
  let onAbort: (() => void) | undefined;
  const detach = () => {
    if (onAbort) abortSignal?.removeEventListener("abort", onAbort);
  };

  return new ReadableStream<LanguageModelV3StreamPart>({
    start(controller) {
      onAbort = () => {
        stop();
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
      if (delayMs > 0 && isDelta(part)) await pause();
      if (stopped) return;
      controller.enqueue(part);
    },
    cancel() {
      stop();
      detach();
      source.return?.();
    },
  });
}
