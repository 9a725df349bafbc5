import type { WorkspaceFile } from "@copilot/protocol";
import type { UploadProblem } from "./file-errors";

/** Where one upload is: waiting its turn, sending bytes, waiting for the server's answer, ended. */
type UploadStatus =
  | { kind: "queued" }
  | { kind: "uploading"; loaded: number; total: number }
  /** Every byte is sent; the server is still storing and hashing them. */
  | { kind: "processing" }
  | { kind: "done"; file: WorkspaceFile; replaced: boolean }
  | { kind: "failed"; problem: UploadProblem };

export type UploadItem = {
  id: string;
  name: string;
  size: number;
  /** Where it goes in the workspace: the folder it was dropped in + its name. */
  path: string;
  overwrite: boolean;
  status: UploadStatus;
};

export type UploadAction =
  | { type: "added"; items: Array<Pick<UploadItem, "id" | "name" | "size" | "path">> }
  | { type: "started"; id: string }
  | { type: "progressed"; id: string; loaded: number; total: number }
  | { type: "succeeded"; id: string; file: WorkspaceFile; replaced: boolean }
  | { type: "failed"; id: string; problem: UploadProblem }
  /** Try again: as is (retry) or replacing the existing file (overwrite). */
  | { type: "requeued"; id: string; overwrite: boolean }
  | { type: "dismissed"; id: string }
  | { type: "cleared" };

function update(items: readonly UploadItem[], id: string, change: (item: UploadItem) => UploadItem) {
  return items.map((item) => (item.id === id ? change(item) : item));
}

/** Pure and total: an action for an unknown id (dismissed meanwhile) changes nothing. */
export function applyUploadAction(items: readonly UploadItem[], action: UploadAction): readonly UploadItem[] {
  switch (action.type) {
    case "added":
      return [
        ...items,
        ...action.items.map((item) => ({ ...item, overwrite: false, status: { kind: "queued" as const } })),
      ];
    case "started":
      return update(items, action.id, (item) => ({
        ...item,
        status: { kind: "uploading", loaded: 0, total: item.size },
      }));
    case "progressed":
      return update(items, action.id, (item) => ({
        ...item,
        status:
          action.total > 0 && action.loaded >= action.total
            ? { kind: "processing" }
            : { kind: "uploading", loaded: action.loaded, total: action.total },
      }));
    case "succeeded":
      return update(items, action.id, (item) => ({
        ...item,
        status: { kind: "done", file: action.file, replaced: action.replaced },
      }));
    case "failed":
      return update(items, action.id, (item) => ({
        ...item,
        status: { kind: "failed", problem: action.problem },
      }));
    case "requeued":
      return update(items, action.id, (item) => ({
        ...item,
        overwrite: action.overwrite,
        status: { kind: "queued" },
      }));
    case "dismissed":
      return items.filter((item) => item.id !== action.id);
    case "cleared":
      return items.filter((item) => item.status.kind !== "done");
  }
}

/**
 * Percent shown for an upload, 0–100. Sending every byte is not the end (the server still has to
 * store them), so 100 is kept for the server's answer and the bar waits at 99 until then.
 */
export function uploadPercent(status: UploadStatus): number {
  switch (status.kind) {
    case "queued":
      return 0;
    case "uploading":
      return status.total > 0 ? Math.min(99, Math.floor((status.loaded / status.total) * 100)) : 0;
    case "processing":
      return 99;
    case "done":
      return 100;
    case "failed":
      return 0;
  }
}

export const isActive = (item: UploadItem) =>
  item.status.kind === "queued" || item.status.kind === "uploading" || item.status.kind === "processing";

/** One sentence for the live region: what is going on with the uploads as a whole. */
export function summarizeUploads(items: readonly UploadItem[]): string {
  if (items.length === 0) return "";
  const active = items.filter(isActive).length;
  const done = items.filter((item) => item.status.kind === "done").length;
  const failed = items.filter((item) => item.status.kind === "failed").length;
  const parts: string[] = [];
  if (active > 0) parts.push(`Uploading ${active} ${active === 1 ? "file" : "files"}`);
  if (done > 0) parts.push(`${done} uploaded`);
  if (failed > 0) parts.push(`${failed} need${failed === 1 ? "s" : ""} attention`);
  return `${parts.join(", ")}.`;
}
