"use client";

import type { WorkspaceFile } from "@copilot/protocol";
import { ChatCircleIcon, DownloadSimpleIcon, TrashIcon } from "@phosphor-icons/react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { TableCell, TableRow } from "@/components/ui/table";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import type { Entry, FileEntry, FolderEntry } from "@/lib/files/entries";
import { downloadUrl } from "@/lib/files/file-urls";
import { filesHref } from "@/lib/files/files-href";
import { countFiles, describeType, formatBytes } from "@/lib/files/format";
import { folderOf } from "@/lib/files/paths";
import { FileTypeIcon } from "./file-icon";
import { LocalTime } from "./local-time";

export type FileRowActions = {
  onOpenFolder(folder: string): void;
  onPreview(file: WorkspaceFile): void;
  onDelete(file: WorkspaceFile): void;
};

// Secondary columns fold away on narrow screens; the name cell then carries size and date.
const typeColumn = "hidden md:table-cell";
const modifiedColumn = "hidden sm:table-cell";

/** A modified click (new tab, new window) must keep the browser's own behaviour. */
const isPlainClick = (event: React.MouseEvent) =>
  event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

function FolderRow({ entry, onOpenFolder }: { entry: FolderEntry; onOpenFolder(folder: string): void }) {
  return (
    <TableRow data-kind="folder">
      <TableCell className="max-w-0 w-full">
        <a
          href={filesHref({ folder: entry.folder })}
          // One name for assistive tech; the visible parts are laid out as separate boxes.
          aria-label={`${entry.name}, folder`}
          onClick={(event) => {
            if (!isPlainClick(event)) return;
            event.preventDefault();
            onOpenFolder(entry.folder);
          }}
          className="flex min-w-0 items-center gap-3 rounded-sm font-medium outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
        >
          <FileTypeIcon mimeType="folder" className="size-5 shrink-0 text-primary" />
          <span className="truncate">{entry.name}</span>
        </a>
      </TableCell>
      <TableCell className="text-right text-muted-foreground tabular-nums">
        <span className="sr-only">{countFiles(entry.fileCount)}, </span>
        {formatBytes(entry.sizeBytes)}
      </TableCell>
      <TableCell className={`${typeColumn} text-muted-foreground`}>Folder</TableCell>
      <TableCell className={`${modifiedColumn} text-muted-foreground`}>
        <LocalTime iso={entry.updatedAt} />
      </TableCell>
      <TableCell />
    </TableRow>
  );
}

function IconAction({ label, children }: { label: string; children: React.ReactElement }) {
  return (
    <Tooltip>
      <TooltipTrigger asChild>{children}</TooltipTrigger>
      <TooltipContent>{label}</TooltipContent>
    </Tooltip>
  );
}

function FileRow({
  entry,
  showPath,
  onPreview,
  onDelete,
}: {
  entry: FileEntry;
  showPath: boolean;
  onPreview(file: WorkspaceFile): void;
  onDelete(file: WorkspaceFile): void;
}) {
  const { file } = entry;
  return (
    <TableRow data-kind="file" data-file-id={file.id}>
      <TableCell className="max-w-0 w-full">
        <button
          type="button"
          onClick={() => onPreview(file)}
          aria-label={showPath ? `Preview ${file.name} in ${folderOf(file.path)}` : `Preview ${file.name}`}
          title={showPath ? file.path : undefined}
          className="flex w-full min-w-0 cursor-pointer items-center gap-3 rounded-sm text-left outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <FileTypeIcon mimeType={file.mime_type} />
          <span className="flex min-w-0 flex-col">
            <span className="truncate font-medium hover:underline">{file.name}</span>
            {showPath ? <span className="truncate text-muted-foreground text-xs">{file.path}</span> : null}
            <span className="text-muted-foreground text-xs sm:hidden">
              <LocalTime iso={file.updated_at} />
            </span>
          </span>
        </button>
      </TableCell>
      <TableCell className="text-right text-muted-foreground tabular-nums">
        {formatBytes(file.size_bytes)}
      </TableCell>
      <TableCell className={`${typeColumn} text-muted-foreground`}>{describeType(file.mime_type)}</TableCell>
      <TableCell className={`${modifiedColumn} text-muted-foreground`}>
        <LocalTime iso={file.updated_at} />
      </TableCell>
      <TableCell>
        <div className="flex justify-end gap-1">
          {file.chat ? (
            <IconAction label={`From the chat “${file.chat.title}”`}>
              <Button asChild variant="ghost" size="icon" className="size-8">
                <Link
                  href={`/chat/${file.chat.id}`}
                  data-testid="file-chat-link"
                  aria-label={`Open the chat that made ${file.name}: ${file.chat.title}`}
                >
                  <ChatCircleIcon aria-hidden="true" className="size-4" />
                </Link>
              </Button>
            </IconAction>
          ) : null}
          <IconAction label="Download">
            <Button asChild variant="ghost" size="icon" className="size-8">
              <a href={downloadUrl(file)} download={file.name} aria-label={`Download ${file.name}`}>
                <DownloadSimpleIcon aria-hidden="true" className="size-4" />
              </a>
            </Button>
          </IconAction>
          <IconAction label="Delete">
            <Button
              variant="ghost"
              size="icon"
              className="size-8 text-muted-foreground hover:text-destructive"
              aria-label={`Delete ${file.name}`}
              onClick={() => onDelete(file)}
            >
              <TrashIcon aria-hidden="true" className="size-4" />
            </Button>
          </IconAction>
        </div>
      </TableCell>
    </TableRow>
  );
}

/** One row of the files table: a folder (opens it) or a file (preview, download, delete). */
export function FileTableRow({
  entry,
  showPath = false,
  ...actions
}: { entry: Entry; showPath?: boolean } & FileRowActions) {
  return entry.kind === "folder" ? (
    <FolderRow entry={entry} onOpenFolder={actions.onOpenFolder} />
  ) : (
    <FileRow entry={entry} showPath={showPath} onPreview={actions.onPreview} onDelete={actions.onDelete} />
  );
}
