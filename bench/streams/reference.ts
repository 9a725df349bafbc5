import { setTimeout as sleep } from "node:timers/promises";
import { longProse } from "../../apps/server/src/chat/offline/prose";

/**
 * What the two reference servers (bare SSE floor, `resumable-stream`) send: the offline model's
 * long answer, word by word, framed exactly like the project's SSE (`id: <ms>-<seq>`, AI SDK
 * chunks, `[DONE]`), so one load generator and one checker serve all three. The id's ms part is
 * the moment the frame was produced (produce→receive latency); its seq counts every frame, so a
 * gap is a lost frame.
 */
export const referenceDeltas: string[] = longProse().match(/\s*\S+\s*/g) ?? [];

const frame = (seq: number, chunk: object) => `id: ${Date.now()}-${seq}\ndata: ${JSON.stringify(chunk)}\n\n`;

/** One stream's frames, produced on demand with `delayMs` before each delta (0: as fast as read). */
export function referenceFrames(delayMs: number): ReadableStream<string> {
  let index = -1;
  const last = referenceDeltas.length;
  return new ReadableStream<string>({
    async pull(controller) {
      index += 1;
      if (index === 0) return controller.enqueue(frame(0, { type: "start", messageId: "reference" }));
      if (index <= last) {
        if (delayMs > 0) await sleep(delayMs);
        return controller.enqueue(
          frame(index, { type: "text-delta", id: "t", delta: referenceDeltas[index - 1] }),
        );
      }
      controller.enqueue(`${frame(index, { type: "finish" })}data: [DONE]\n\n`);
      controller.close();
    },
  });
}

export const sseHeaders = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};
