import { asSchema, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { combineTools, type ToolContext } from "./tools";

const context: ToolContext = {
  userId: "u",
  sessionId: null,
  taskId: "t",
  signal: new AbortController().signal,
};
const input = z.object({ path: z.string().min(1) });
const factory = () => ({
  read: tool({ description: "reads", inputSchema: input, execute: async () => "ok" }),
});

describe("combineTools", () => {
  it("hands the SDK one schema per tool for the process, so its JSON Schema is built once", async () => {
    const make = combineTools(factory);
    const [first, second] = [make(context), make(context)];
    // What the SDK does at every step: asSchema(inputSchema).jsonSchema.
    const json = asSchema(first.read?.inputSchema).jsonSchema;
    expect(asSchema(second.read?.inputSchema).jsonSchema).toBe(json);
    expect(json).toMatchObject({ type: "object", properties: { path: { type: "string" } } });
    // Validation and execution are the tool's own, unchanged.
    expect(await asSchema(second.read?.inputSchema).validate?.({ path: "" })).toMatchObject({
      success: false,
    });
    expect(await asSchema(second.read?.inputSchema).validate?.({ path: "a.txt" })).toMatchObject({
      success: true,
      value: { path: "a.txt" },
    });
    expect(second.get_current_time).toBeDefined();
  });
});
