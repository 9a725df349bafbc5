import type { OperationResultOutput } from "@copilot/protocol";
import { streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createOfflineModel } from "../chat/offline-model";
import { continuationNotice, readContinuationNotice } from "./continuation-notice";

const OP = "6f1c1e1e-5b8f-4d6a-9f0e-1a2b3c4d5e6f";
const generated: OperationResultOutput = {
  type: "operation_result",
  operation_id: OP,
  tool_name: "generate_agent",
  status: "completed",
  result: { agent_id: OP, name: "Sum", description: "Adds numbers.", nodes: 4, file: "/agents/x/agent.json" },
};
const textOf = (notice: ReturnType<typeof continuationNotice>) => String(notice.parts[0]?.text);

describe("continuation notice", () => {
  it("carries the final output exactly, and nothing else reads as one", () => {
    const notice = continuationNotice(generated, "call_1");
    expect(notice.role).toBe("user");
    expect(textOf(notice)).toContain("(tool call call_1) has ended: completed");
    expect(readContinuationNotice(textOf(notice))).toEqual(generated);
    expect(readContinuationNotice("[operation ended] but no JSON line")).toBeNull();
    expect(readContinuationNotice("hello")).toBeNull();
  });

  it("leaves out a result too large to repeat", () => {
    const big = { ...generated, result: { blob: "x".repeat(20_000) } };
    const read = readContinuationNotice(textOf(continuationNotice(big, "call_1")));
    expect(read?.status).toBe("completed");
    expect(read?.result).toMatch(/too large/);
  });

  it("is what the offline model talks about: the agent made, a failure, a cancel", async () => {
    const reply = async (output: OperationResultOutput) =>
      streamText({
        model: createOfflineModel({ delayMs: 0 }),
        messages: [
          { role: "user", content: "/echo something else" },
          { role: "assistant", content: "something else" },
          { role: "user", content: textOf(continuationNotice(output, "call_1")) },
        ],
      }).text;
    expect(await reply(generated)).toContain("The agent **Sum** is ready (4 blocks): Adds numbers.");
    const failed = {
      ...generated,
      status: "failed" as const,
      result: undefined,
      error: { code: "run_failed", message: "node parse failed" },
    };
    expect(await reply(failed)).toContain("node parse failed");
    expect(await reply({ ...generated, status: "cancelled" as const })).toContain("was cancelled");
  });
});
