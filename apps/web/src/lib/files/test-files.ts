import type { WorkspaceFile } from "@copilot/protocol";

let counter = 0;

/** A wire file for unit tests: only the path (and what a test overrides) matters. */
export function makeFile(path: string, overrides: Partial<WorkspaceFile> = {}): WorkspaceFile {
  counter += 1;
  const id = `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`;
  return {
    id,
    name: path.slice(path.lastIndexOf("/") + 1),
    path,
    mime_type: "text/plain",
    size_bytes: 100,
    sha256: "a".repeat(64),
    version: 1,
    created_at: "2025-01-01T00:00:00.000Z",
    updated_at: "2025-01-01T00:00:00.000Z",
    reference: `workspace://${id}#text/plain`,
    ...overrides,
  };
}
