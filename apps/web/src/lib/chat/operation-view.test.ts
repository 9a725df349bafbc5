import type { StreamEntry } from "@copilot/protocol";
import { describe, expect, it } from "vitest";
import type { ToolPart } from "./message-parts";
import { formatElapsed, messageStreamOf, operationRefOf, progressOf, stepsOf } from "./operation-view";

const OP = "6f1c1e1e-5b8f-4d6a-9f0e-1a2b3c4d5e6f";
const TASK = "0b1c1e1e-5b8f-4d6a-9f0e-1a2b3c4d5e6f";

const part = (output: unknown, state: ToolPart["state"] = "output-available"): ToolPart =>
  ({ type: "tool-generate_agent", toolCallId: "call_1", state, input: {}, output }) as ToolPart;

const started = {
  type: "operation_started",
  operation_id: OP,
  tool_name: "generate_agent",
  progress_task_id: TASK,
  message: "Started.",
};

const progress = (id: string, step: string, fraction: number, message = step): StreamEntry => ({
  id,
  chunk: {
    type: "data-operation-progress",
    id: OP,
    data: { operation_id: OP, status: "running", step, fraction, message },
  } as StreamEntry["chunk"],
});

describe("operation view", () => {
  it("reads a running operation from operation_started and an ended one from operation_result", () => {
    expect(operationRefOf(part(started))).toEqual({
      operationId: OP,
      toolName: "generate_agent",
      progressTaskId: TASK,
      status: "running",
      result: null,
      error: null,
    });
    const failed = {
      type: "operation_result",
      operation_id: OP,
      tool_name: "run_agent",
      status: "failed",
      error: { code: "run_failed", message: "node parse failed" },
    };
    expect(operationRefOf(part(failed))).toMatchObject({
      status: "failed",
      toolName: "run_agent",
      progressTaskId: null,
      error: { code: "run_failed" },
    });
  });

  it("is not an operation: other outputs, a call still running, a malformed id", () => {
    expect(operationRefOf(part({ files: [] }))).toBeNull();
    expect(operationRefOf(part(started, "input-available"))).toBeNull();
    expect(operationRefOf(part({ ...started, operation_id: "not-a-uuid" }))).toBeNull();
  });

  it("lists each step once, in order, with its latest message, and skips the end marker and other chunks", () => {
    const entries = [
      progress("1-0", "queued", 0),
      { id: "2-0", chunk: { type: "text-delta", id: "t", delta: "x" } } as StreamEntry,
      progress("3-0", "plan", 0.25, "matching"),
      progress("4-0", "plan", 0.3, "matched"),
      progress("5-0", "end", 1, "done"),
    ];
    const items = progressOf(entries);
    expect(items.map((item) => item.fraction)).toEqual([0, 0.25, 0.3, 1]);
    expect(stepsOf(items)).toEqual([
      { step: "queued", message: "queued" },
      { step: "plan", message: "matched" },
    ]);
  });

  it("does not follow an operation's progress log as a message, but does follow a turn", () => {
    const messages = [{ parts: [{ type: "tool-generate_agent", output: started }] }];
    expect(messageStreamOf({ active_stream: { task_id: TASK }, messages })).toBeNull();
    const turn = { task_id: "1b1c1e1e-5b8f-4d6a-9f0e-1a2b3c4d5e6f" };
    expect(messageStreamOf({ active_stream: turn, messages })).toBe(turn);
    expect(messageStreamOf({ active_stream: null, messages })).toBeNull();
  });

  it("formats elapsed time", () => {
    expect(formatElapsed(42_400)).toBe("42 s");
    expect(formatElapsed(185_000)).toBe("3 min 05 s");
    expect(formatElapsed(-5)).toBe("0 s");
  });
});
