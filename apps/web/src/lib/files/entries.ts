import type { ListedFile, WorkspaceFile } from "@copilot/protocol";

/** A row of the files table: a folder derived from paths, or a file directly in the folder. */
export type FolderEntry = {
  kind: "folder";
  key: string;
  name: string;
  /** The folder's own path, ending in `/`. */
  folder: string;
  /** Files below it among those loaded so far (the list is paginated, so this can grow). */
  fileCount: number;
  sizeBytes: number;
  /** The newest change below it, ISO 8601. */
  updatedAt: string;
};

/** A file row; `chat` is known for listed files (null when no chat made it, or not known). */
export type FileEntry = {
  kind: "file";
  key: string;
  name: string;
  file: WorkspaceFile & Partial<Pick<ListedFile, "chat">>;
};

export type Entry = FolderEntry | FileEntry;

export const fileEntry = (file: FileEntry["file"]): FileEntry => ({
  kind: "file",
  key: file.id,
  name: file.name,
  file,
});

/**
 * What `folder` shows, from files listed under it (at any depth): the files directly in it, and one
 * row per first-level subfolder that summarises everything beneath. Files outside `folder` are
 * ignored rather than trusted.
 */
export function deriveEntries(files: readonly FileEntry["file"][], folder: string): Entry[] {
  const folders = new Map<string, FolderEntry>();
  const entries: Entry[] = [];
  for (const file of files) {
    if (!file.path.startsWith(folder)) continue;
    const rest = file.path.slice(folder.length);
    const slash = rest.indexOf("/");
    if (slash === -1) {
      entries.push(fileEntry(file));
      continue;
    }
    const name = rest.slice(0, slash);
    const existing = folders.get(name);
    if (existing) {
      existing.fileCount += 1;
      existing.sizeBytes += file.size_bytes;
      if (file.updated_at > existing.updatedAt) existing.updatedAt = file.updated_at;
    } else {
      const path = `${folder}${name}/`;
      folders.set(name, {
        kind: "folder",
        key: `folder:${path}`,
        name,
        folder: path,
        fileCount: 1,
        sizeBytes: file.size_bytes,
        updatedAt: file.updated_at,
      });
    }
  }
  return [...folders.values(), ...entries];
}
