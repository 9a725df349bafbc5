import { describe, expect, it } from "vitest";
import { LogEntry, parseEntries } from "./redis-replies";

const entry = (chunk: unknown) => new LogEntry("1-1", 1, JSON.stringify(chunk));

describe("LogEntry", () => {
  it("recognises the finish chunk, and nothing that merely mentions it", () => {
    expect(entry({ type: "finish" }).isFinish).toBe(true);
    expect(entry({ type: "finish", messageMetadata: { taskId: "t" } }).isFinish).toBe(true);
    expect(entry({ messageMetadata: { finishReason: "stop" }, type: "finish" }).isFinish).toBe(true);
    // In a delta the word is inside a string, where JSON escapes its quotes.
    expect(entry({ type: "text-delta", id: "t", delta: 'say "finish"' }).isFinish).toBe(false);
    // As a bare value of another chunk it is parsed, and the type decides.
    expect(entry({ type: "data-step", data: { type: "finish" } }).isFinish).toBe(false);
    expect(entry({ type: "finish-step" }).isFinish).toBe(false);
  });

  it("parses the chunk only when asked, once, and keeps the stored JSON", () => {
    const [parsed] = parseEntries([["5-0", ["n", "3", "c", '{"type":"text-delta","id":"t","delta":"hi"}']]]);
    expect(parsed).toMatchObject({ id: "5-0", n: 3, json: '{"type":"text-delta","id":"t","delta":"hi"}' });
    expect(parsed!.isFinish).toBe(false);
    const chunk = parsed!.chunk;
    expect(chunk).toEqual({ type: "text-delta", id: "t", delta: "hi" });
    expect(parsed!.chunk).toBe(chunk);
  });

  it("refuses an entry without its number or chunk", () => {
    expect(() => parseEntries([["5-0", ["c", "{}"]]])).toThrow(/without n or c/);
    expect(() => parseEntries([["5-0", ["n", "1"]]])).toThrow(/without n or c/);
  });
});
