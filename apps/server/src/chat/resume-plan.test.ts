import type { UIMessageChunk } from "@copilot/protocol";
import { describe, expect, it } from "vitest";
import { CUT_TOOL_CALL_TEXT, createResumeSplice, planResume } from "./resume-plan";

const start: UIMessageChunk = { type: "start", messageId: "m" };
const delta = (id: string, text: string): UIMessageChunk => ({ type: "text-delta", id, delta: text });

/** Runs the continuation through the splice, then its end. */
function splice(written: UIMessageChunk[], continuation: UIMessageChunk[]): UIMessageChunk[] {
  const spliced = createResumeSplice(planResume(written));
  return [...continuation.flatMap((chunk) => spliced.next(chunk)), ...spliced.end()];
}

describe("resume plan", () => {
  it("continues an open text part inside the open step", () => {
    const written: UIMessageChunk[] = [
      start,
      { type: "start-step" },
      { type: "text-start", id: "a" },
      delta("a", "Hel"),
    ];
    expect(planResume(written)).toEqual({ stepOpen: true, openTextId: "a", closing: [] });
    const out = splice(written, [
      { type: "start-step" },
      { type: "text-start", id: "b" },
      delta("b", "lo"),
      { type: "text-end", id: "b" },
      { type: "finish-step" },
    ]);
    expect(out).toEqual([delta("a", "lo"), { type: "text-end", id: "a" }, { type: "finish-step" }]);
  });

  it("looks past status notices for the part being written", () => {
    const written: UIMessageChunk[] = [
      start,
      { type: "start-step" },
      { type: "text-start", id: "a" },
      delta("a", "x"),
      { type: "data-task-status", data: { status: "resumed", attempt: 2 }, transient: true },
    ];
    expect(planResume(written).openTextId).toBe("a");
  });

  it("closes cut reasoning and fails tool calls that have no recorded result", () => {
    const written: UIMessageChunk[] = [
      start,
      { type: "start-step" },
      { type: "reasoning-start", id: "r" },
      { type: "tool-input-start", toolCallId: "done", toolName: "list_workspace_files" },
      { type: "tool-input-available", toolCallId: "done", toolName: "list_workspace_files", input: {} },
      { type: "tool-output-available", toolCallId: "done", output: { files: [] } },
      { type: "tool-input-start", toolCallId: "cut", toolName: "read_workspace_file" },
    ];
    const plan = planResume(written);
    expect(plan.stepOpen).toBe(true);
    expect(plan.openTextId).toBeNull();
    expect(plan.closing).toEqual([
      { type: "reasoning-end", id: "r" },
      { type: "tool-output-error", toolCallId: "cut", errorText: CUT_TOOL_CALL_TEXT },
    ]);
  });

  it("starts a new step when the last one had finished", () => {
    const written: UIMessageChunk[] = [start, { type: "start-step" }, { type: "finish-step" }];
    const out = splice(written, [{ type: "start-step" }, { type: "text-start", id: "b" }]);
    expect(out).toEqual([{ type: "start-step" }, { type: "text-start", id: "b" }]);
  });

  it("ends the open text part when the continuation goes on with something else", () => {
    const written: UIMessageChunk[] = [
      start,
      { type: "start-step" },
      { type: "text-start", id: "a" },
      delta("a", "x"),
    ];
    const call: UIMessageChunk = { type: "tool-input-start", toolCallId: "c", toolName: "get_current_time" };
    expect(splice(written, [{ type: "start-step" }, call])).toEqual([{ type: "text-end", id: "a" }, call]);
    expect(splice(written, [{ type: "start-step" }])).toEqual([{ type: "text-end", id: "a" }]);
  });
});
