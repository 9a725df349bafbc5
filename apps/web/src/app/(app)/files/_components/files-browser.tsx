"use client";

import type { WorkspaceFile } from "@copilot/protocol";
import { useCallback, useRef, useState } from "react";
import { toast } from "sonner";
import { baseName, joinPath, ROOT_FOLDER } from "@/lib/files/paths";
import { DEFAULT_SORT, nextSort, type SortKey } from "@/lib/files/sort";
import { useDeleteFile } from "../_hooks/use-delete-file";
import { useFileDrop } from "../_hooks/use-file-drop";
import { useFileEntries } from "../_hooks/use-file-entries";
import { useFilesLocation } from "../_hooks/use-files-location";
import { useUploadQueue } from "../_hooks/use-upload-queue";
import { Breadcrumbs } from "./breadcrumbs";
import { DeleteFileDialog } from "./delete-file-dialog";
import { DropOverlay } from "./drop-overlay";
import { FileListing } from "./file-listing";
import { FilePreviewDialog } from "./file-preview-dialog";
import { SearchField } from "./search-field";
import { UploadButton } from "./upload-button";
import { UploadList } from "./upload-list";
import { WorkspaceUsageBar } from "./workspace-usage-bar";

/**
 * The /files page on the client: the folder and search from the URL, the listing from the query
 * cache (seeded by the server), uploads by picker or drop into the current folder, and the preview
 * and delete dialogs.
 */
export function FilesBrowser() {
  const { folder, q, openFolder, setQuery } = useFilesLocation();
  const [sort, setSort] = useState(DEFAULT_SORT);
  const { query, entries, loadedCount } = useFileEntries({ folder, q }, sort);
  const { queue, items: uploads } = useUploadQueue();
  const deleteFile = useDeleteFile();
  const [previewing, setPreviewing] = useState<WorkspaceFile | null>(null);
  const [deleting, setDeleting] = useState<WorkspaceFile | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // The link that was clicked is gone once the folder changes; put focus on the new folder's name.
  const navigate = useCallback(
    (next: string) => {
      openFolder(next);
      heading.current?.focus();
    },
    [openFolder],
  );

  const upload = useCallback(
    (files: File[], skippedFolders = 0) => {
      if (skippedFolders > 0) {
        toast.info("Folders cannot be uploaded as a whole yet; drop the files inside them instead.");
      }
      queue.add(files.map((file) => ({ file, path: joinPath(folder, file.name) })));
    },
    [queue, folder],
  );
  const { dragging, dropHandlers } = useFileDrop(upload);

  return (
    <div className="relative flex min-w-0 flex-1" {...dropHandlers}>
      <section aria-labelledby="files-title" className="flex min-w-0 flex-1 flex-col overflow-y-auto">
        <div className="mx-auto flex w-full max-w-6xl flex-col gap-5 p-4 md:p-6">
          <header className="flex flex-col gap-4 md:flex-row md:items-end md:justify-between">
            <div className="flex min-w-0 flex-col gap-1">
              <Breadcrumbs folder={folder} onNavigate={navigate} />
              <h1
                ref={heading}
                id="files-title"
                tabIndex={-1}
                className="truncate font-semibold text-2xl outline-none"
              >
                {folder === ROOT_FOLDER ? "Files" : baseName(folder)}
              </h1>
            </div>
            <WorkspaceUsageBar className="md:w-72" />
          </header>

          <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
            <SearchField value={q} onSearch={setQuery} />
            <div className="flex items-center gap-3">
              <p className="hidden text-muted-foreground text-xs lg:block">
                or drop files anywhere on this page
              </p>
              <UploadButton onFiles={upload} />
            </div>
          </div>

          <UploadList
            items={uploads}
            onCancel={queue.dismiss}
            onReplace={queue.replace}
            onRetry={queue.retry}
            onClearFinished={queue.clearFinished}
          />

          <FileListing
            query={query}
            entries={entries}
            loadedCount={loadedCount}
            sort={sort}
            onSort={(column: SortKey) => setSort((current) => nextSort(current, column))}
            folder={folder}
            q={q}
            onClearSearch={() => setQuery("")}
            onOpenFolder={navigate}
            onPreview={setPreviewing}
            onDelete={setDeleting}
          />
        </div>
      </section>

      {dragging ? <DropOverlay folder={folder} /> : null}
      <FilePreviewDialog file={previewing} onOpenChange={(open) => !open && setPreviewing(null)} />
      <DeleteFileDialog
        file={deleting}
        onOpenChange={(open) => !open && setDeleting(null)}
        onConfirm={(file) => deleteFile.mutate(file)}
      />
    </div>
  );
}
