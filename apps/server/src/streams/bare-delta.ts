import type { UIMessageChunk } from "@copilot/protocol";

export type Delta = Extract<UIMessageChunk, { type: "text-delta" | "reasoning-delta" }>;

/**
 * A text or reasoning delta with nothing but its part id and text: adjacent ones of one part can be
 * merged without changing what a reader builds. One carrying provider metadata (or any other
 * field) keeps its own chunk.
 */
export function bareDelta(chunk: UIMessageChunk): chunk is Delta {
  if (chunk.type !== "text-delta" && chunk.type !== "reasoning-delta") return false;
  return Object.keys(chunk).every((key) => key === "type" || key === "id" || key === "delta");
}
