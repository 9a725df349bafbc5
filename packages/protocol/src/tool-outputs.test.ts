import { describe, expect, it } from "vitest";
import {
  listWorkspaceFilesOutputSchema,
  readWorkspaceFileOutputSchema,
  toolOutputReaders,
} from "./tool-outputs";

const file = {
  id: "0196f3c1-7c1a-7d2b-9a4e-2f1d3c4b5a69",
  name: "notes.txt",
  path: "/notes.txt",
  mime_type: "text/plain",
  size_bytes: 42,
  version: 1,
  updated_at: "2026-01-01T00:00:00.000Z",
  reference: "workspace://0196f3c1-7c1a-7d2b-9a4e-2f1d3c4b5a69#text/plain",
};

describe("tool output readers", () => {
  it("read what the strict schemas accept", () => {
    const read = { file, content: "hi", offset: 0, length: 2, truncated: false };
    expect(readWorkspaceFileOutputSchema.parse(read)).toEqual(read);
    expect(toolOutputReaders.read.parse(read)).toEqual(read);
  });

  it("keep unknown fields and skip missing optional ones", () => {
    const older = { files: [{ name: "a.txt", extra: 1 }], note: "from an older version" };
    expect(listWorkspaceFilesOutputSchema.safeParse(older).success).toBe(false);
    expect(toolOutputReaders.list.parse(older)).toEqual(older);
  });

  it("tell results apart by their required fields", () => {
    expect(toolOutputReaders.read.safeParse({ file }).success).toBe(false);
    expect(toolOutputReaders.written.safeParse({ file }).success).toBe(true);
    expect(toolOutputReaders.error.safeParse({ error: { message: "no" } }).success).toBe(true);
  });
});
