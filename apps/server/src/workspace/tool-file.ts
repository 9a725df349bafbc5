import type { ToolFile, WorkspaceFile } from "@copilot/protocol";

/** What the tools say about a file: enough to cite and fetch it, nothing the model does not need. */
export function toToolFile(file: WorkspaceFile): ToolFile {
  return {
    id: file.id,
    name: file.name,
    path: file.path,
    mime_type: file.mime_type,
    size_bytes: file.size_bytes,
    version: file.version,
    updated_at: file.updated_at,
    reference: file.reference,
  };
}
