import type { BlockInfo } from "@copilot/protocol";
import { z } from "zod";
import type { BlockRegistry } from "../blocks/registry";

/** The registry as clients see it: each block's JSON Schemas, without the dialect line. */
export function describeBlocks(registry: BlockRegistry): BlockInfo[] {
  const schemaOf = (schema: z.ZodObject, io: "input" | "output") => {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
    return rest as Record<string, unknown>;
  };
  return registry.list().map((block) => ({
    name: block.name,
    description: block.description,
    input_schema: schemaOf(block.input, "input"),
    output_schema: schemaOf(block.output, "output"),
  }));
}
