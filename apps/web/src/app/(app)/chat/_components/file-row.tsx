import { formatBytes } from "@copilot/protocol";
import { DownloadSimpleIcon, FileIcon, FolderSimpleIcon, ImageIcon } from "@phosphor-icons/react";
import Link from "next/link";
import type { FileSummary } from "@/lib/chat/tool-view";
import { filesHref } from "@/lib/files/files-href";
import { folderOf } from "@/lib/files/paths";

/** A workspace file a tool touched: name, path, size, type and a download link. */
export function FileRow({ file }: { file: FileSummary }) {
  const Icon = file.mimeType?.startsWith("image/") ? ImageIcon : FileIcon;
  const facts = [file.sizeBytes === null ? null : formatBytes(file.sizeBytes), file.mimeType]
    .filter(Boolean)
    .join(" · ");
  return (
    <li data-slot="file-row" className="flex items-center gap-3 rounded-md border bg-background px-3 py-2">
      <Icon aria-hidden="true" className="size-5 shrink-0 text-muted-foreground" />
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-sm" title={file.name}>
          {file.name}
        </p>
        <p className="truncate text-muted-foreground text-xs" title={file.path ?? undefined}>
          {file.path ? <span className="font-mono">{file.path}</span> : null}
          {file.path && facts ? " · " : null}
          {facts}
        </p>
      </div>
      {file.path ? (
        <Link
          href={filesHref({ folder: folderOf(file.path), q: file.name })}
          data-testid="file-row-show"
          className="inline-flex shrink-0 items-center gap-1 rounded-md px-2 py-1 font-medium text-primary text-xs outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
        >
          <FolderSimpleIcon aria-hidden="true" className="size-3.5" />
          Show in Files<span className="sr-only"> {file.name}</span>
        </Link>
      ) : null}
      {file.downloadHref ? (
        <a
          href={file.downloadHref}
          download=""
          className="inline-flex shrink-0 items-center gap-1 rounded-md px-2 py-1 font-medium text-primary text-xs outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
        >
          <DownloadSimpleIcon aria-hidden="true" className="size-3.5" />
          Download<span className="sr-only"> {file.name}</span>
        </a>
      ) : null}
    </li>
  );
}
