import type { ChatSession, UIMessage } from "@copilot/protocol";
import { describe, expect, it } from "vitest";
import { chatToMarkdown, fileStem } from "./export";

const session: ChatSession = {
  id: "00000000-0000-4000-8000-000000000001",
  title: "Plans for *Q3*",
  created_at: "2026-12-01T10:00:00.000Z",
  updated_at: "2026-12-01T10:05:00.000Z",
  pinned: false,
  running: false,
};
const now = new Date("2026-12-06T12:00:00.000Z");

describe("chatToMarkdown", () => {
  it("writes a heading per message with its text, tools and files one line each", () => {
    const messages: UIMessage[] = [
      { id: "u1", role: "user", parts: [{ type: "text", text: "Chart 3,1,4 please" }] },
      {
        id: "a1",
        role: "assistant",
        metadata: { model: "offline" },
        parts: [
          { type: "step-start" },
          { type: "reasoning", text: "thinking out loud" },
          { type: "tool-chart_png", toolCallId: "c1", state: "output-available", input: {}, output: {} },
          { type: "tool-read_file", toolCallId: "c2", state: "output-error", errorText: "file not found" },
          { type: "file", mediaType: "image/png", filename: "chart.png", url: "workspace://f1#image/png" },
          { type: "text", text: "Here is your chart.\n" },
          { type: "data-operation-progress", data: { step: "x" } },
        ],
      },
    ];
    expect(chatToMarkdown(session, messages, now)).toBe(
      [
        "# Plans for *Q3*",
        "",
        "_Exported from CoPilot on 2026-12-06T12:00:00.000Z._",
        "",
        "## You",
        "",
        "Chart 3,1,4 please",
        "",
        "## Assistant (offline)",
        "",
        "> Tool `chart_png` — done",
        "",
        "> Tool `read_file` — failed: file not found",
        "",
        "[chart.png](workspace://f1#image/png)",
        "",
        "Here is your chart.",
        "",
      ].join("\n"),
    );
  });

  it("leaves out messages with nothing a reader would see", () => {
    const messages: UIMessage[] = [{ id: "a1", role: "assistant", parts: [{ type: "step-start" }] }];
    expect(chatToMarkdown(session, messages, now)).not.toContain("## Assistant");
  });
});

describe("fileStem", () => {
  it.each([
    ["Plans for *Q3*", "plans-for-q3"],
    ["Résumé: draft #2", "resume-draft-2"],
    ["../../etc/passwd", "etc-passwd"],
    ["***", "chat"],
    ["a".repeat(80), "a".repeat(60)],
  ])("%s → %s", (title, stem) => {
    expect(fileStem(title)).toBe(stem);
  });
});
