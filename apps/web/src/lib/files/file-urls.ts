import type { WorkspaceFile } from "@copilot/protocol";

type FileRef = Pick<WorkspaceFile, "id" | "sha256">;

/**
 * Same-origin routes of docs/api.md §7. The sha256 rides along as a query so a replaced file (same id,
 * new bytes) never comes back from the browser's cache; the server ignores it.
 */
export function downloadUrl(file: FileRef): string {
  return `/api/workspace/files/${encodeURIComponent(file.id)}/download?v=${file.sha256.slice(0, 16)}`;
}

export function imageUrl(file: FileRef): string {
  return `/api/workspace/files/${encodeURIComponent(file.id)}/image?v=${file.sha256.slice(0, 16)}`;
}
