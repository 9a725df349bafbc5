"use client";

import type { WorkspaceFile } from "@copilot/protocol";
import { DownloadSimpleIcon } from "@phosphor-icons/react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { previewKind } from "@/lib/files/file-kinds";
import { downloadUrl } from "@/lib/files/file-urls";
import { describeType, formatBytes } from "@/lib/files/format";
import { ImagePreview } from "./image-preview";
import { LocalTime } from "./local-time";
import { TextPreview } from "./text-preview";

function PreviewBody({ file }: { file: WorkspaceFile }) {
  switch (previewKind(file.mime_type)) {
    case "image":
      return <ImagePreview file={file} />;
    case "text":
      return <TextPreview file={file} />;
    case "none":
      return (
        <p className="rounded-md border border-dashed p-6 text-center text-muted-foreground text-sm">
          No preview for {describeType(file.mime_type).toLowerCase()} files. Download it to open it.
        </p>
      );
  }
}

/** A file's preview and details; `file` null = closed. */
export function FilePreviewDialog({
  file,
  onOpenChange,
}: {
  file: WorkspaceFile | null;
  onOpenChange(open: boolean): void;
}) {
  return (
    <Dialog open={file !== null} onOpenChange={onOpenChange}>
      {file ? (
        <DialogContent className="flex max-h-[90dvh] flex-col sm:max-w-3xl">
          <DialogHeader className="min-w-0 pr-6">
            <DialogTitle className="truncate leading-normal">{file.name}</DialogTitle>
            <DialogDescription className="break-all">{file.path}</DialogDescription>
          </DialogHeader>
          <div className="min-h-0 flex-1 overflow-hidden">
            <PreviewBody file={file} />
          </div>
          <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-4">
            <div>
              <dt className="text-muted-foreground">Size</dt>
              <dd className="tabular-nums">{formatBytes(file.size_bytes)}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Type</dt>
              <dd>{describeType(file.mime_type)}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Modified</dt>
              <dd>
                <LocalTime iso={file.updated_at} />
              </dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Version</dt>
              <dd className="tabular-nums">{file.version}</dd>
            </div>
          </dl>
          <DialogFooter>
            <Button asChild>
              <a href={downloadUrl(file)} download={file.name}>
                <DownloadSimpleIcon aria-hidden="true" className="size-4" />
                Download
              </a>
            </Button>
          </DialogFooter>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
