/**
 * A model whose chunks are ready (the offline model, a fast provider's burst) is read through
 * promise callbacks, which keep the event loop from turning while chunks keep coming (stretches of
 * ~170 ms measured with one ready 20k-word answer). With dozens of such turns, other turns' starts,
 * SSE writes and BullMQ lock renewals waited seconds (issue 13). So a turn gives way once it has
 * worked `sliceMs` without the event loop turning.
 *
 * The slice counts from the first chunk after the loop last turned, not from the last yield: a
 * paced answer (a chunk per network read or timer) already lets the loop turn between chunks, and
 * yielding it again cost every paced delta a whole turn of a busy loop — tens of ms with 200
 * answers streaming, on each delta and on a new turn's first one (docs/BENCHMARKS.md).
 */
export function createFairSlice(sliceMs: number): () => Promise<void> | undefined {
  let since = 0;
  let turned = true;
  const markTurn = () => {
    turned = true;
  };
  return () => {
    const now = performance.now();
    if (turned) {
      // One marker per slice: it runs in the loop's check phase, i.e. once the loop turned.
      turned = false;
      since = now;
      setImmediate(markTurn);
      return undefined;
    }
    if (now - since < sliceMs) return undefined;
    // The marker scheduled at the slice's start runs before this (check phase, in order).
    return new Promise<void>((resolve) => setImmediate(resolve));
  };
}
