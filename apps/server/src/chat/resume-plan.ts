import type { UIMessageChunk } from "@copilot/protocol";

/**
 * What an attempt continuing a turn must know about the chunks an earlier attempt streamed before
 * its worker stopped (issue 8 #3): the step and text part it left open, which the continuation
 * writes into so the answer reads as one (nothing repeated, nothing split), and what it left
 * half-written, closed now truthfully.
 */
export type ResumePlan = {
  stepOpen: boolean;
  /** The text part the continuation's first text flows into. */
  openTextId: string | null;
  /** Ends reasoning that was cut, and fails tool calls cut before their result was recorded. */
  closing: UIMessageChunk[];
};

export const CUT_TOOL_CALL_TEXT =
  "This call was cut off when the worker running it stopped; the answer went on without its result.";

export function planResume(written: readonly UIMessageChunk[]): ResumePlan {
  let stepOpen = false;
  const texts: string[] = [];
  const reasoning = new Set<string>();
  const toolCalls = new Set<string>();
  for (const chunk of written) {
    switch (chunk.type) {
      case "start-step":
        stepOpen = true;
        break;
      case "finish-step":
        stepOpen = false;
        break;
      case "text-start":
        texts.push(chunk.id);
        break;
      case "text-end":
        texts.splice(texts.indexOf(chunk.id), 1);
        break;
      case "reasoning-start":
        reasoning.add(chunk.id);
        break;
      case "reasoning-end":
        reasoning.delete(chunk.id);
        break;
      case "tool-input-start":
      case "tool-input-available":
        toolCalls.add(chunk.toolCallId);
        break;
      case "tool-output-available":
      case "tool-output-error":
      case "tool-input-error":
        toolCalls.delete(chunk.toolCallId);
        break;
    }
  }
  // Status notices (`resumed`, `queued`) are not content: a worker may die right after writing one.
  const last = written.findLast((chunk) => chunk.type !== "data-task-status");
  // Only a text part still being written when the worker stopped is continued; an older one is ended.
  const openTextId =
    stepOpen && last && (last.type === "text-start" || last.type === "text-delta") ? last.id : null;
  const closing: UIMessageChunk[] = [
    ...[...reasoning].map((id): UIMessageChunk => ({ type: "reasoning-end", id })),
    ...texts.filter((id) => id !== openTextId).map((id): UIMessageChunk => ({ type: "text-end", id })),
    ...[...toolCalls].map(
      (toolCallId): UIMessageChunk => ({
        type: "tool-output-error",
        toolCallId,
        errorText: CUT_TOOL_CALL_TEXT,
      }),
    ),
  ];
  return { stepOpen, openTextId, closing };
}

/**
 * Rewrites the continuation's chunks so they extend what was written: its first `start-step`
 * joins the open step and its first text part joins the open text part. When the continuation
 * goes on with anything else first, the open text part is ended there.
 */
export function createResumeSplice(plan: ResumePlan) {
  let stepPending = plan.stepOpen;
  let openText = plan.openTextId;
  let mappedFrom: string | null = null;
  return {
    next(chunk: UIMessageChunk): UIMessageChunk[] {
      if (stepPending && chunk.type === "start-step") {
        stepPending = false;
        return [];
      }
      if (openText !== null) {
        if (chunk.type === "text-start" && mappedFrom === null) {
          mappedFrom = chunk.id;
          return [];
        }
        if ((chunk.type === "text-delta" || chunk.type === "text-end") && chunk.id === mappedFrom) {
          if (chunk.type === "text-end") {
            const id = openText;
            openText = null;
            return [{ ...chunk, id }];
          }
          return [{ ...chunk, id: openText }];
        }
        if (mappedFrom === null) {
          const end: UIMessageChunk = { type: "text-end", id: openText };
          openText = null;
          return [end, chunk];
        }
      }
      return [chunk];
    },
    /** Ends the open text part if the continuation never reached it. */
    end(): UIMessageChunk[] {
      if (openText === null) return [];
      const id = openText;
      openText = null;
      return [{ type: "text-end", id }];
    },
  };
}
