import { describe, expect, it } from "vitest";
import { chatFolderName } from "./chat-folder";
import { canonicalPath } from "./virtual-path";

const id = "3f1c2a9e-1b2c-4d5e-8f90-123456789abc";

describe("chatFolderName", () => {
  it.each([
    ["Quarterly report: Q3 **numbers**", "/chats/quarterly-report-q3-numbers-3f1c2a9e/"],
    ["New chat", "/chats/new-chat-3f1c2a9e/"],
    ["", "/chats/chat-3f1c2a9e/"],
    ["../../etc/passwd", "/chats/etc-passwd-3f1c2a9e/"],
    ["日本語のメモ", "/chats/日本語のメモ-3f1c2a9e/"],
    ["\u200b\u0000 ", "/chats/chat-3f1c2a9e/"],
    ["ﬁle Ⅻ", "/chats/file-xii-3f1c2a9e/"],
  ])("%j → %s", (title, folder) => {
    expect(chatFolderName(title, id)).toBe(folder);
  });

  it("keeps long titles short and always a valid folder", () => {
    const folder = chatFolderName("word ".repeat(200), id);
    expect(folder.length).toBeLessThan(80);
    expect(canonicalPath(`${folder}x.png`)).toEqual({ ok: true, path: `${folder}x.png` });
  });
});
