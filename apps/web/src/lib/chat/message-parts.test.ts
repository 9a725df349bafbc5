import { describe, expect, it } from "vitest";
import { messageMarkdown } from "./message-parts";

describe("messageMarkdown", () => {
  it("keeps the text parts as written and leaves tools, reasoning and files out", () => {
    const parts = [
      { type: "step-start" },
      { type: "reasoning", text: "private thoughts" },
      { type: "text", text: "Here is **bold**\n\n```ts\nconst a = 1;\n```\n" },
      { type: "tool-chart_png", toolCallId: "c", state: "output-available" },
      { type: "file", url: "workspace://f#image/png", mediaType: "image/png" },
      { type: "text", text: "  " },
      { type: "text", text: "Done." },
    ];
    expect(messageMarkdown({ parts })).toBe("Here is **bold**\n\n```ts\nconst a = 1;\n```\n\nDone.");
  });

  it("is empty for a message without text", () => {
    expect(messageMarkdown({ parts: [{ type: "step-start" }] })).toBe("");
  });
});
