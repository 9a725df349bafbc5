/**
 * `streamText` keeps one branch of a `tee()` back for whoever reads its result next (ai 6:
 * `teeStream`). Nobody does here — a turn reads the one UI message stream — so that branch would
 * queue every part of the turn until it ends: ~140 bytes per delta, for the whole answer
 * (vercel/ai#16753; docs/BENCHMARKS.md, memory per turn). Cancelling it stops the queueing; the
 * SDK's own bookkeeping (`onFinish`, `text`, `steps`) runs upstream of the tee and is unaffected.
 * Call it right after taking the stream that is read. A result without the field (another SDK
 * version) is left alone; `sdk-tee.test.ts` fails then, so the change is noticed.
 */
export function releaseSpareBranch(result: object): void {
  const spare = (result as { baseStream?: unknown }).baseStream;
  // Cancelling a tee branch settles only once both branches are cancelled: never await it.
  if (spare instanceof ReadableStream && !spare.locked) spare.cancel().catch(() => {});
}
