"use client";

import { useCallback, useMemo, useState, useSyncExternalStore } from "react";
import { type Attachment, attachmentPath, toAttachment, uploadWithFreeName } from "@/lib/chat/attachments";
import { createUploadQueue } from "@/lib/files/upload-queue";
import type { UploadItem } from "@/lib/files/upload-state";
import { xhrUpload } from "@/lib/files/xhr-upload";

export type Attachments = {
  items: readonly UploadItem[];
  /** The stored files, in the order they were added. */
  ready: Attachment[];
  /** Some file is still waiting, sending or being stored: the message waits for it. */
  busy: boolean;
  add(files: readonly File[]): void;
  /** Cancels an upload in flight, or takes a file off the message (it stays in the workspace). */
  remove(id: string): void;
  retry(id: string): void;
  clear(): void;
};

const NONE: readonly UploadItem[] = [];

/** The files of the message being written: each uploads into the workspace as soon as it is added. */
export function useAttachments(): Attachments {
  const [queue] = useState(() => createUploadQueue({ transport: uploadWithFreeName(xhrUpload) }));
  const items = useSyncExternalStore(queue.subscribe, queue.getSnapshot, () => NONE);
  const add = useCallback(
    (files: readonly File[]) => {
      const now = new Date();
      queue.add(files.map((file) => ({ file, path: attachmentPath(file.name, now) })));
    },
    [queue],
  );
  const clear = useCallback(() => {
    for (const item of queue.getSnapshot()) queue.dismiss(item.id);
  }, [queue]);
  return useMemo(
    () => ({
      items,
      ready: items.flatMap((item) => (item.status.kind === "done" ? [toAttachment(item.status.file)] : [])),
      busy: items.some((item) => ["queued", "uploading", "processing"].includes(item.status.kind)),
      add,
      remove: queue.dismiss,
      retry: queue.retry,
      clear,
    }),
    [items, add, clear, queue],
  );
}
